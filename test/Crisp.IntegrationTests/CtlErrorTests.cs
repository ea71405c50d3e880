using Crisp.IntegrationTests.Harness;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>Bad input to <c>crisp ctl</c>: one line on stderr starting "crisp ctl: ", exit code 1, no stack trace.</summary>
public sealed class CtlErrorTests
{
    [Fact]
    public async Task Ctl_UnreachableEndpoint_SaysSoInOneLine()
    {
        using var dir = new TempDirectory();
        var result = await CrispCli.RunAsync(["ctl", "-r", "unix://" + dir.Combine("none.sock"), "pods"]);
        ShouldBeOneLineError(result, "no such file or directory");
        result.StandardError.ShouldContain(dir.Combine("none.sock"));

        var fromEnv = await CrispCli.RunAsync(["ctl", "-c", dir.Combine("missing.yaml"), "version"]);
        ShouldBeOneLineError(fromEnv, "missing.yaml");
    }

    [Fact]
    public async Task Ctl_MissingOrInvalidConfigFiles_SaySoInOneLine()
    {
        using var dir = new TempDirectory();
        ShouldBeOneLineError(await CrispCli.RunAsync(["ctl", "runp", dir.Combine("nope.json")]), "open " + dir.Combine("nope.json") + ": no such file or directory");

        File.WriteAllText(dir.Combine("bad.json"), "{\"metadata\": {\"name\": ");
        ShouldBeOneLineError(await CrispCli.RunAsync(["ctl", "runp", dir.Combine("bad.json")]), "load pod sandbox config from " + dir.Combine("bad.json"));

        File.WriteAllText(dir.Combine("bad.yaml"), "metadata:\n  name: [unclosed\n");
        ShouldBeOneLineError(await CrispCli.RunAsync(["ctl", "runp", dir.Combine("bad.yaml")]), "load pod sandbox config from " + dir.Combine("bad.yaml"));

        File.WriteAllText(dir.Combine("pod.json"), "{}");
        ShouldBeOneLineError(await CrispCli.RunAsync(["ctl", "create", "abc", dir.Combine("ctr.json"), dir.Combine("pod.json")]), "load container config: open");
        ShouldBeOneLineError(await CrispCli.RunAsync(["ctl", "-t", "soon", "version"]), "invalid duration \"soon\"");
    }

    private static void ShouldBeOneLineError(ProcessResult result, string contains)
    {
        result.ExitCode.ShouldBe(1, result.ToString());
        var lines = result.StandardError.Trim().Split('\n');
        lines.Length.ShouldBe(1, result.ToString());
        lines[0].ShouldStartWith("crisp ctl: ");
        lines[0].ShouldContain(contains);
        result.StandardError.ShouldNotContain("   at ");
    }
}

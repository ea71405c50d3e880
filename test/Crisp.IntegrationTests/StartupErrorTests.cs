using Crisp.IntegrationTests.Harness;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>Configurations and paths the daemon must refuse at start, with a message naming the problem.</summary>
public sealed class StartupErrorTests
{
    private static async Task<ProcessResult> StartExpectingFailureAsync(Action<CrispDaemonFiles> configure, params string[] extraArgs)
    {
        using var dir = new TempDirectory();
        var files = CrispDaemonFiles.Create(dir);
        configure(files);
        var result = await CrispCli.RunAsync([.. files.DaemonArgs(), .. extraArgs], timeout: TimeSpan.FromSeconds(30));
        File.Exists(files.Socket).ShouldBeFalse("a daemon that failed to start must not leave a socket");
        return result;
    }

    [Fact]
    public async Task MalformedToml_FailsNamingFileAndLine()
    {
        var result = await StartExpectingFailureAsync(files =>
            File.WriteAllText(files.ConfigFile, "[crio.runtime]\ncgroup_manager = \"cgroupfs\"\nlog_level = = \"debug\"\n"));

        result.ExitCode.ShouldNotBe(0);
        result.StandardError.ShouldContain("crisp.conf", customMessage: result.ToString());
        result.StandardError.ShouldContain("3", customMessage: result.ToString());
        result.StandardError.ShouldNotContain("   at ", customMessage: "no stack trace: " + result);
    }

    [Fact]
    public async Task WrongType_FailsNamingKey()
    {
        var result = await StartExpectingFailureAsync(files =>
            File.AppendAllText(files.ConfigFile, "\n[crio.api]\ngrpc_max_send_msg_size = \"big\"\n"));

        result.ExitCode.ShouldNotBe(0);
        result.StandardError.ShouldContain("grpc_max_send_msg_size", customMessage: result.ToString());
    }

    [Fact]
    public async Task BadCgroupManager_FailsNamingKeyAndValue()
    {
        var result = await StartExpectingFailureAsync(_ => { }, "--cgroup-manager", "cgroupfsx");

        result.ExitCode.ShouldNotBe(0);
        result.StandardError.ShouldContain("cgroup_manager", customMessage: result.ToString());
        result.StandardError.ShouldContain("cgroupfsx", customMessage: result.ToString());
    }

    [Fact]
    public async Task UnknownDefaultRuntimeHandler_Fails()
    {
        var result = await StartExpectingFailureAsync(_ => { }, "--default-runtime", "kata-nope");

        result.ExitCode.ShouldNotBe(0);
        result.StandardError.ShouldContain("kata-nope", customMessage: result.ToString());
    }

    [Fact]
    public async Task DefaultRuntimeBinaryMissing_FailsNamingPath()
    {
        var result = await StartExpectingFailureAsync(files => File.WriteAllText(
            Path.Combine(files.ConfigDir, "10-runtime.conf"),
            "[crio.runtime.runtimes.runc]\nruntime_path = \"/nonexistent/runc\"\n"));

        result.ExitCode.ShouldNotBe(0);
        result.StandardError.ShouldContain("/nonexistent/runc", customMessage: result.ToString());
    }

    [Fact]
    public async Task SocketPathIsADirectory_Fails()
    {
        var result = await StartExpectingFailureAsync(files => Directory.CreateDirectory(files.Socket));

        result.ExitCode.ShouldNotBe(0);
        result.StandardError.ShouldContain("is a directory", customMessage: result.ToString());
    }

    [Fact]
    public async Task SocketPathUnwritable_Fails()
    {
        // /proc does not allow creating directories or sockets, even for root.
        var result = await StartExpectingFailureAsync(files => files.Socket = "/proc/crisp-test/crisp.sock");

        result.ExitCode.ShouldNotBe(0);
        result.StandardError.ShouldContain("/proc/crisp-test", customMessage: result.ToString());
    }

    [Fact]
    public async Task UnknownKey_WarnsButStarts()
    {
        await using var daemon = await CrispDaemon.StartAsync(files =>
            File.AppendAllText(files.ConfigFile, "\nmade_up_key = true\n"));

        await Eventually.TrueAsync(() => daemon.Output.Contains("made_up_key", StringComparison.Ordinal), daemon.Output);
    }
}

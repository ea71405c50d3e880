using Crisp.Ctl;
using Crisp.Ctl.Commands;
using Crisp.Ctl.Logs;
using Crisp.Ctl.Streaming;
using Shouldly;

namespace Crisp.Unit.Tests.Ctl;

public sealed class CtlInputTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("10s", 10_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData("2h45m", 9_900_000)]
    [InlineData("300ms", 300)]
    public void Durations_ParseGoStyle(string text, double milliseconds) =>
        Durations.Parse(text, "test").TotalMilliseconds.ShouldBe(milliseconds);

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("5x")]
    [InlineData("m")]
    public void Durations_RejectOthers(string text) => Durations.TryParse(text, out _).ShouldBeFalse();

    [Fact]
    public void Pick_ExactUniqueAmbiguousAndUnknown()
    {
        string[] ids = ["abc123", "abd456", "abc999"];
        IdResolver.Pick("container", "abd", ids).ShouldBe("abd456");
        IdResolver.Pick("container", "abc123", ids).ShouldBe("abc123");
        Should.Throw<CtlException>(() => IdResolver.Pick("container", "abc", ids)).Message.ShouldStartWith("ambiguous container ID prefix \"abc\": it matches 2 containers");
        Should.Throw<CtlException>(() => IdResolver.Pick("container", "x", ids)).Message.ShouldBe("no container with ID starting with \"x\"");
        Should.Throw<CtlException>(() => IdResolver.Pick("container", "", ids));
    }

    [Fact]
    public void NormalizeArgs_StopsOptionParsingAfterTheExecContainerId()
    {
        CtlCommand.NormalizeArgs(["ctl", "exec", "-it", "abc", "sh", "-c", "ls -l"]).ShouldBe(["ctl", "exec", "-it", "abc", "--", "sh", "-c", "ls -l"]);
        CtlCommand.NormalizeArgs(["ctl", "-r", "unix:///x", "exec", "--timeout", "5", "-s", "abc", "ls"]).ShouldBe(["ctl", "-r", "unix:///x", "exec", "--timeout", "5", "-s", "abc", "--", "ls"]);
        CtlCommand.NormalizeArgs(["ctl", "exec", "abc", "--", "ls"]).ShouldBe(["ctl", "exec", "abc", "--", "ls"]);
        CtlCommand.NormalizeArgs(["ctl", "ps", "-a"]).ShouldBe(["ctl", "ps", "-a"]);
    }

    [Fact]
    public void ClientConfig_FlagBeatsEnvironmentBeatsFileBeatsDefault()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "runtime-endpoint: unix:///file.sock\nimage-endpoint: \"unix:///image.sock\"\ntimeout: 7\ndebug: true\n");
            var fromFile = ClientConfig.Resolve(null, null, null, file, false, _ => null);
            fromFile.ShouldBe(new ClientConfig("unix:///file.sock", "unix:///image.sock", TimeSpan.FromSeconds(7), true));

            var fromEnv = ClientConfig.Resolve(null, null, null, file, false, name => name == "CONTAINER_RUNTIME_ENDPOINT" ? "unix:///env.sock" : null);
            fromEnv.RuntimeEndpoint.ShouldBe("unix:///env.sock");

            ClientConfig.Resolve("unix:///flag.sock", null, "30s", file, false, _ => "unix:///env.sock").ShouldBe(new ClientConfig("unix:///flag.sock", "unix:///env.sock", TimeSpan.FromSeconds(30), true));
            Should.Throw<CtlException>(() => ClientConfig.Resolve(null, null, null, file + ".missing", false, _ => null));
        }
        finally
        {
            File.Delete(file);
        }

        ClientConfig.SocketPath("unix:///run/crisp/crisp.sock").ShouldBe("/run/crisp/crisp.sock");
        Should.Throw<CtlException>(() => ClientConfig.SocketPath("tcp://1.2.3.4:5"));
    }

    [Fact]
    public void LogPrinter_JoinsPartialLinesAndTailsEntries()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """
                2026-11-23T10:00:00.000000001Z stdout F one
                2026-11-23T10:00:01.000000001Z stdout P tw
                2026-11-23T10:00:01.000000002Z stdout F o
                2026-11-23T10:00:02.000000001Z stderr F three
                2026-11-23T10:00:03.000000001Z stdout F four

                """);
            var (stdout, stderr) = (new StringWriter(), new StringWriter());
            new CriLogPrinter(stdout, stderr, timestamps: false, since: null).PrintFile(path, tail: 3);
            stdout.ToString().ShouldBe("two\nfour\n");
            stderr.ToString().ShouldBe("three\n");

            var (stampedOut, stampedErr) = (new StringWriter(), new StringWriter());
            new CriLogPrinter(stampedOut, stampedErr, timestamps: true, since: DateTimeOffset.Parse("2026-11-23T10:00:02Z", System.Globalization.CultureInfo.InvariantCulture)).PrintFile(path, tail: -1);
            stampedOut.ToString().ShouldBe("2026-11-23T10:00:03.000000001Z four\n");
            stampedErr.ToString().ShouldBe("2026-11-23T10:00:02.000000001Z three\n");
        }
        finally
        {
            File.Delete(path);
        }

        LogsCommand.PreviousPath("/var/log/pods/x/ctr/3.log", 3).ShouldBe("/var/log/pods/x/ctr/2.log");
    }

    [Fact]
    public void RemoteExitCode_ComesFromTheStatusObject()
    {
        RemoteCommand.ExitCode("").ShouldBe(0);
        RemoteCommand.ExitCode("{\"status\":\"Success\"}").ShouldBe(0);
        RemoteCommand.ExitCode("{\"status\":\"Failure\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"7\"}]}}").ShouldBe(7);
        Should.Throw<CtlException>(() => RemoteCommand.ExitCode("{\"status\":\"Failure\",\"message\":\"no such binary\"}")).Message.ShouldBe("no such binary");
    }

    [Theory]
    [InlineData("8080", 8080, 8080)]
    [InlineData("0:80", 0, 80)]
    [InlineData(":80", 0, 80)]
    [InlineData("9000:80", 9000, 80)]
    public void PortForwardPorts_Parse(string text, int local, int remote) => PortForwardCommand.Parse(text).ShouldBe((local, remote));

    [Fact]
    public void UpdateMemory_AcceptsUnits()
    {
        UpdateCommand.Bytes("128m").ShouldBe(128L << 20);
        UpdateCommand.Bytes("1g").ShouldBe(1L << 30);
        UpdateCommand.Bytes("4096").ShouldBe(4096);
        Should.Throw<CtlException>(() => UpdateCommand.Bytes("lots"));
    }
}

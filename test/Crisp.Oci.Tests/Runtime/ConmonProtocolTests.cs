using System.Text;
using Crisp.Oci.Runtime;
using Shouldly;

namespace Crisp.Oci.Tests.Runtime;

/// <summary>Unit tests of what crisp reads from and writes to conmon and runc.</summary>
public sealed class ConmonProtocolTests
{
    private static readonly ConmonRuncOptions _options = new()
    {
        ConmonPath = "/usr/bin/conmon",
        RuntimePath = "/usr/sbin/runc",
        RuntimeRoot = "/run/crisp/runc",
        ExitsDirectory = "/run/crisp/exits",
        PersistRoot = "/run/crisp/persist",
        AttachSocketDirectory = "/run/crisp/sock",
    };

    [Theory]
    [InlineData("{\"data\": 744}", 744, null)]
    [InlineData("{\"pid\": 12}", 12, null)]
    [InlineData("{\"exit_code\": 5}", 5, null)]
    [InlineData("{\"data\": -1, \"message\": \"a \\\"quoted\\\"\\nline\"}", -1, "a \"quoted\"\nline")]
    [InlineData("{\"exit_code\": -1, \"message\": \"command timed out\"}", -1, "command timed out")]
    public void SyncMessage_ParsesEveryConmonShape(string json, int data, string? message) =>
        SyncMessage.Parse(Encoding.UTF8.GetBytes(json)).ShouldBe(new SyncMessage(data, message));

    [Fact]
    public void SyncMessage_WithoutData_IsRejected() =>
        Should.Throw<FormatException>(() => SyncMessage.Parse("{\"message\": \"x\"}"u8));

    [Fact]
    public void RuntimeErrorText_ExtractsRuncsMessage()
    {
        var stderr = "time=\"2026-11-23T06:02:53Z\" level=error msg=\"runc create failed: unable to start container process: exec: \\\"nosuchcmd\\\": executable file not found in $PATH\"\n";

        RuntimeErrorText.Describe(stderr).ShouldBe("runc create failed: unable to start container process: exec: \"nosuchcmd\": executable file not found in $PATH");
        RuntimeErrorText.Describe("plain failure\n\n").ShouldBe("plain failure");
        RuntimeErrorText.Describe("level=error msg=unquoted\nlevel=error msg=unquoted").ShouldBe("unquoted");
        RuntimeErrorText.Describe(null).ShouldBe("");
        RuntimeErrorText.Unquote("tab\\there \\x41\\u00e9 \\\\").ShouldBe("tab\there Aé \\");
    }

    [Fact]
    public void ConmonArguments_ForCreate_MatchCriO()
    {
        var container = new ContainerCreateOptions { Id = "abc", BundleDirectory = "/b", LogPath = "/logs/0.log", Stdin = true };
        var args = ConmonArguments.ForCreate(_options with { LogSizeMax = 1024, NoPivot = true, CgroupManager = CgroupManager.Systemd }, container, new ContainerPaths("/b/conmon-pidfile", "/b/pidfile", "/p/abc"));

        string.Join(' ', args).ShouldBe(
            "/usr/bin/conmon --api-version -b /b -c abc -u abc -n abc -r /usr/sbin/runc --runtime-arg --root=/run/crisp/runc " +
            "--exit-dir /run/crisp/exits --persist-dir /p/abc -l k8s-file:/logs/0.log --log-level info -P /b/conmon-pidfile -p /b/pidfile " +
            "--socket-dir-path /run/crisp/sock --syslog -s --log-size-max 1024 --no-pivot --leave-stdin-open -i");
        ConmonArguments.ForCreate(_options, container with { Terminal = true }, new ContainerPaths("c", "p", "d")).ShouldContain("-t");
        ConmonArguments.ForCreate(_options, container with { StdinOnce = true }, new ContainerPaths("c", "p", "d")).ShouldNotContain("--leave-stdin-open");
    }

    [Fact]
    public void ConmonArguments_ForExec_UseSyncAndTimeout()
    {
        string.Join(' ', ConmonArguments.ForExec(_options, "abc", "/s/process.json", "/s/exec.log", "/s/pid", 3)).ShouldBe(
            "/usr/bin/conmon -c abc -n abc -r /usr/sbin/runc -p /s/pid -e --exec-process-spec /s/process.json -l k8s-file:/s/exec.log " +
            "--log-level info --socket-dir-path /run/crisp/sock --sync --log-global-size-max 16777216 --runtime-arg --root=/run/crisp/runc --syslog -T 3");
        ConmonArguments.ForExec(_options, "abc", "s", "l", "p", 0).ShouldNotContain("-T");
    }

    [Fact]
    public void ExecProcessSpec_KeepsTheContainersProcessWithNewArgsAndNoTerminal()
    {
        var config = """{"ociVersion":"1.0.2","process":{"terminal":true,"consoleSize":{"height":1,"width":2},"user":{"uid":5,"gid":6},"args":["sleep","1"],"env":["A=b"],"cwd":"/w"},"root":{"path":"rootfs"}}""";

        ExecProcessSpec.Build(config, ["sh", "-c", "echo \"hi\""]).ShouldBe(
            """{"terminal":false,"user":{"uid":5,"gid":6},"args":["sh","-c","echo \u0022hi\u0022"],"env":["A=b"],"cwd":"/w"}""");
        Should.Throw<ArgumentException>(() => ExecProcessSpec.Build(config, []));
    }

    [Fact]
    public void OciStateJson_ParsesStateAndList()
    {
        var state = OciStateJson.Parse("""{"ociVersion":"1.0.2-dev","id":"x1","pid":744,"status":"created","bundle":"/b","rootfs":"/b/rootfs","created":"2026-11-23T06:02:40.175895052Z","owner":""}""");

        state.ShouldBe(new OciContainerState("x1", OciContainerStatus.Created, 744, "/b", state.Created));
        state.Created!.Value.ShouldBe(new DateTimeOffset(2026, 11, 23, 6, 2, 40, TimeSpan.Zero).AddTicks(1758950), TimeSpan.FromMicroseconds(1));
        OciStateJson.ParseList("null\n").ShouldBeEmpty();
        OciStateJson.ParseList("""[{"id":"a","pid":0,"status":"stopped","bundle":"/a"}]""").ShouldHaveSingleItem().Status.ShouldBe(OciContainerStatus.Stopped);
    }

    [Fact]
    public void ProcStat_ParsesCommandsWithSpacesAndParentheses()
    {
        var stat = ProcStat.Parse(42, "42 (odd ) name) S 7 42 42 0 -1 4194560 1 0 0 0 0 0 0 0 20 0 1 0 123456 0 0");

        stat.ShouldBe(new ProcStat(42, "odd ) name", 'S', 7, 123456));
        ProcStat.TryRead(Environment.ProcessId)!.ParentPid.ShouldBeGreaterThan(0);
        ProcStat.TryRead(int.MaxValue).ShouldBeNull();
    }

    [Theory]
    [InlineData("abc", true)]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("a.b-c_d", true)]
    [InlineData("", false)]
    [InlineData(".hidden", false)]
    [InlineData("-flag", false)]
    [InlineData("a/b", false)]
    [InlineData("..", false)]
    public void ContainerIds_ArePlainFileNames(string id, bool valid)
    {
        if (valid)
        {
            ConmonRuncRuntime.ValidateId(id).ShouldBe(id);
        }
        else
        {
            Should.Throw<ArgumentException>(() => ConmonRuncRuntime.ValidateId(id));
        }
    }

    [Fact]
    public void CriLogFormat_DemultiplexesAndCapsStreams()
    {
        var log = "2026-01-01T00:00:00.000000001+00:00 stdout P abc\n2026-01-01T00:00:00.000000002+00:00 stdout F def\n" +
                  "2026-01-01T00:00:00.000000003+00:00 stderr F \ngarbage line\n2026-01-01T00:00:00.000000004+00:00 stdout F xyz\n";

        var (stdout, stderr) = CriLogFormat.Demultiplex(Encoding.UTF8.GetBytes(log), 8);

        Encoding.UTF8.GetString(stdout).ShouldBe("abcdef\nx");
        Encoding.UTF8.GetString(stderr).ShouldBe("\n");
        CriLogFormat.ParseLines(Encoding.UTF8.GetBytes(log)).Count.ShouldBe(4);
    }

    [Fact]
    public void RuncNotFound_RecognisesRuncsWording()
    {
        RuncClient.IsNotFound("time=\"x\" level=error msg=\"container does not exist\"").ShouldBeTrue();
        RuncClient.IsNotFound("level=error msg=\"container not running\"").ShouldBeTrue();
        RuncClient.IsNotFound("level=error msg=\"cannot delete container abc that is not stopped: running\"").ShouldBeFalse();
    }
}

using Crisp.Oci.Runtime;
using Shouldly;

namespace Crisp.Oci.Tests.Runtime;

/// <summary>The pure parts of streaming exec and attach: process specs and conmon's packet kinds.</summary>
public sealed class StreamingProtocolTests
{
    [Fact]
    public void ExecProcessSpec_WithTerminal_SetsTerminalAndConsoleSize()
    {
        var config = """{"ociVersion":"1.0.2","process":{"terminal":false,"consoleSize":{"height":1,"width":2},"user":{"uid":0,"gid":0},"args":["sleep","1"],"cwd":"/"}}""";

        ExecProcessSpec.Build(config, ["sh"], terminal: true, new TerminalSize(Width: 100, Height: 40)).ShouldBe(
            """{"terminal":true,"user":{"uid":0,"gid":0},"args":["sh"],"cwd":"/","consoleSize":{"height":40,"width":100}}""");
        ExecProcessSpec.Build(config, ["sh"], terminal: true).ShouldBe(
            """{"terminal":true,"user":{"uid":0,"gid":0},"args":["sh"],"cwd":"/"}""");
        ExecProcessSpec.Build(config, ["sh"], terminal: false, new TerminalSize(1, 1)).ShouldNotContain("consoleSize");
    }

    [Fact]
    public void AttachStreamKind_MatchesConmonsStdpipeValues()
    {
        // conmon utils.h: typedef enum { NO_PIPE, STDIN_PIPE, STDOUT_PIPE, STDERR_PIPE } stdpipe_t;
        ((byte)AttachStreamKind.Stdout).ShouldBe((byte)2);
        ((byte)AttachStreamKind.Stderr).ShouldBe((byte)3);
        AttachSession.MaxStdinPacket.ShouldBe(32 * 1024, "conmon's CONN_SOCK_BUF_SIZE");
    }
}

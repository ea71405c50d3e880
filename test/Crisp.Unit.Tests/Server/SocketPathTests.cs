using System.Net.Sockets;
using Crisp.Server;
using Shouldly;

namespace Crisp.Unit.Tests.Server;

public sealed class SocketPathTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("crisp-unit-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Prepare_RelativePath_Refused() =>
        Should.Throw<DaemonStartupException>(() => SocketPath.Prepare("crisp.sock")).Message.ShouldContain("absolute");

    [Fact]
    public void Prepare_RegularFile_Refused()
    {
        var path = Path.Combine(_dir.FullName, "file.sock");
        File.WriteAllText(path, "not a socket");

        Should.Throw<DaemonStartupException>(() => SocketPath.Prepare(path)).Message.ShouldContain("not a socket");
        File.Exists(path).ShouldBeTrue();
    }

    [Fact]
    public void Prepare_LiveListener_Refused()
    {
        var path = Path.Combine(_dir.FullName, "live.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();

        Should.Throw<DaemonStartupException>(() => SocketPath.Prepare(path)).Message.ShouldContain("already listening");
    }

    [Fact]
    public void Prepare_StaleSocket_Removed()
    {
        var path = Path.Combine(_dir.FullName, "stale.sock");
        using (var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            stale.Bind(new UnixDomainSocketEndPoint(path));
        }

        SocketPath.Prepare(path);

        File.Exists(path).ShouldBeFalse();
    }
}

using System.Net.Sockets;
using Crisp.Linux;
using Shouldly;

namespace Crisp.Unit.Tests.Linux;

public sealed class FileKindsTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("crisp-unit-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void Of_EachKind_Recognised()
    {
        var file = Path.Combine(_dir.FullName, "f");
        File.WriteAllText(file, "x");
        var link = Path.Combine(_dir.FullName, "l");
        File.CreateSymbolicLink(link, file);
        var socketPath = Path.Combine(_dir.FullName, "s");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));

        FileKinds.Of(file).ShouldBe(FileKind.Regular);
        FileKinds.Of(_dir.FullName).ShouldBe(FileKind.Directory);
        FileKinds.Of(link).ShouldBe(FileKind.Symlink);
        FileKinds.Of(socketPath).ShouldBe(FileKind.Socket);
        FileKinds.Of("/dev/null").ShouldBe(FileKind.CharDevice);
        FileKinds.Of(Path.Combine(_dir.FullName, "missing")).ShouldBe(FileKind.Missing);
        FileKinds.Of(Path.Combine(file, "below-a-file")).ShouldBe(FileKind.Missing);
    }
}

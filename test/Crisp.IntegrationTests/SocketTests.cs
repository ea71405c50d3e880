using System.Net.Sockets;
using System.Text;
using Crisp.IntegrationTests.Harness;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>The CRI socket: permissions, stale sockets, exclusivity, and junk on the wire.</summary>
public sealed class SocketTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_SocketIsMode0660()
    {
        await using var daemon = await CrispDaemon.StartAsync();

        File.GetUnixFileMode(daemon.Socket).ShouldBe(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite);
    }

    [Fact]
    public async Task Start_StaleSocketLeftBehind_Replaced()
    {
        await using var daemon = await CrispDaemon.StartAsync(files =>
        {
            // A socket file nobody listens on, as a daemon that was killed leaves behind.
            using var stale = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            stale.Bind(new UnixDomainSocketEndPoint(files.Socket));
        });

        var version = await daemon.Runtime.VersionAsync(new VersionRequest(), cancellationToken: Ct);
        version.RuntimeName.ShouldBe("crisp");
    }

    [Fact]
    public async Task Start_SocketDirectoryMissing_Created()
    {
        await using var daemon = await CrispDaemon.StartAsync(files => files.Socket = Path.Combine(files.Directory, "deep", "er", "crisp.sock"));

        daemon.Socket.ShouldEndWith("/deep/er/crisp.sock");
        (await daemon.Runtime.VersionAsync(new VersionRequest(), cancellationToken: Ct)).RuntimeName.ShouldBe("crisp");
    }

    [Fact]
    public async Task SecondDaemon_SameSocket_FailsClearly()
    {
        await using var first = await CrispDaemon.StartAsync();
        using var otherDir = new TempDirectory();
        var other = CrispDaemonFiles.Create(otherDir);
        other.Socket = first.Socket;

        var second = await CrispCli.RunAsync(other.DaemonArgs(), timeout: TimeSpan.FromSeconds(30));

        second.ExitCode.ShouldNotBe(0, second.ToString());
        second.StandardError.ShouldContain(first.Socket, customMessage: second.ToString());
        second.StandardError.ShouldContain("in use", customMessage: second.ToString());
        (await first.Runtime.VersionAsync(new VersionRequest(), cancellationToken: Ct)).RuntimeName.ShouldBe("crisp");
    }

    [Fact]
    public async Task SecondDaemon_SameRoot_FailsClearly()
    {
        await using var first = await CrispDaemon.StartAsync();
        using var otherDir = new TempDirectory();
        var other = CrispDaemonFiles.Create(otherDir);
        other.Root = first.Files.Root;

        var second = await CrispCli.RunAsync(other.DaemonArgs(), timeout: TimeSpan.FromSeconds(30));

        second.ExitCode.ShouldNotBe(0, second.ToString());
        second.StandardError.ShouldContain(first.Files.Root, customMessage: second.ToString());
        second.StandardError.ShouldContain($"pid {first.Pid}", customMessage: second.ToString());
    }

    [Fact]
    public async Task GarbageBytesAndHttp1ToGrpcPath_DaemonKeepsServing()
    {
        await using var daemon = await CrispDaemon.StartAsync();

        using (var raw = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await raw.ConnectAsync(new UnixDomainSocketEndPoint(daemon.Socket), Ct);
            var junk = new byte[4096];
            Random.Shared.NextBytes(junk);
            await raw.SendAsync(junk, Ct);
            raw.Shutdown(SocketShutdown.Send);
            var buffer = new byte[1024];
            while (await raw.ReceiveAsync(buffer, Ct) > 0)
            {
            }
        }

        string http1Answer;
        using (var raw = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            await raw.ConnectAsync(new UnixDomainSocketEndPoint(daemon.Socket), Ct);
            await raw.SendAsync(Encoding.ASCII.GetBytes(
                "POST /runtime.v1.RuntimeService/Version HTTP/1.1\r\nHost: x\r\nContent-Type: application/grpc\r\nContent-Length: 5\r\nConnection: close\r\n\r\n\0\0\0\0\0"), Ct);
            using var stream = new NetworkStream(raw);
            using var reader = new StreamReader(stream);
            http1Answer = await reader.ReadToEndAsync(Ct);
        }

        http1Answer.ShouldStartWith("HTTP/1.1 ");
        http1Answer.ShouldNotStartWith("HTTP/1.1 200");
        daemon.HasExited.ShouldBeFalse();
        (await daemon.Runtime.VersionAsync(new VersionRequest(), cancellationToken: Ct)).RuntimeName.ShouldBe("crisp");
    }
}

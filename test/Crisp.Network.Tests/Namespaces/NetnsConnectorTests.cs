using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Crisp.Linux;
using Crisp.Network.Namespaces;
using Crisp.Network.Tests.Support;
using Shouldly;

namespace Crisp.Network.Tests.Namespaces;

/// <summary>Port-forward connections into a network namespace of the test's own (<c>ip netns add</c>).</summary>
public sealed class NetnsConnectorTests : IDisposable
{
    private readonly string _name = "crisp-pf-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<Process> _servers = [];
    private readonly NetnsConnector _connector = new();

    public NetnsConnectorTests()
    {
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "needs root to create a network namespace");
        Shell.Run("ip", "netns", "add", _name);
        Shell.Run("ip", "-n", _name, "link", "set", "lo", "up");
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private string NetnsPath => $"/run/netns/{_name}";

    public void Dispose()
    {
        foreach (var server in _servers)
        {
            try
            {
                server.Kill(entireProcessTree: true);
                server.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // Already exited (and reaped by Process).
            }

            server.Dispose();
        }

        Shell.TryRun("ip", "netns", "del", _name);
    }

    [Fact]
    public async Task ConnectAsync_ReachesTheListenerInsideTheNamespaceAndExchangesBytes()
    {
        var port = FreePort();

        // The same port is bound on the host's loopback too: the connection must not land there.
        using var hostListener = new TcpListener(IPAddress.Loopback, port);
        hostListener.Start();
        StartServer("busybox", "nc", "-l", "-p", port.ToString(CultureInfo.InvariantCulture), "-e", "cat");

        using var socket = await ConnectWhenListeningAsync(port);
        socket.Connected.ShouldBeTrue();
        await socket.SendAsync("ping from the host\n"u8.ToArray(), SocketFlags.None, Token);
        var reply = new byte[64];
        var received = 0;
        while (!Encoding.UTF8.GetString(reply, 0, received).EndsWith('\n'))
        {
            var read = await socket.ReceiveAsync(reply.AsMemory(received), SocketFlags.None, Token).AsTask().WaitAsync(TimeSpan.FromSeconds(10), Token);
            read.ShouldBeGreaterThan(0, "nc -e cat echoes what it receives");
            received += read;
        }

        Encoding.UTF8.GetString(reply, 0, received).ShouldBe("ping from the host\n");
        hostListener.Pending().ShouldBeFalse("nothing connected to the host's own listener");
    }

    [Fact]
    public async Task ConnectAsync_NothingListening_IsConnectionRefusedNamingThePort()
    {
        var port = FreePort();

        var refused = await Should.ThrowAsync<SocketException>(() => _connector.ConnectAsync(NetnsPath, port, Token));

        refused.SocketErrorCode.ShouldBe(SocketError.ConnectionRefused);
        refused.Message.ShouldContain($"port {port}");
        refused.Message.ShouldContain("127.0.0.1 and [::1]");
    }

    [Fact]
    public async Task ConnectAsync_ListenerOnIPv6LoopbackOnly_IsReachedThroughTheFallback()
    {
        var port = FreePort();

        // A listener created inside the namespace (sockets belong to the namespace they were created in).
        using var listener = await NamespaceThread.RunAsync(NetnsPath, NamespaceThread.Network, () => new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp));
        listener.DualMode = false;
        listener.Bind(new IPEndPoint(IPAddress.IPv6Loopback, port));
        listener.Listen();
        var accepted = listener.AcceptAsync(Token).AsTask();

        using var socket = await _connector.ConnectAsync(NetnsPath, port, Token);
        using var server = await accepted.WaitAsync(TimeSpan.FromSeconds(10), Token);

        ((IPEndPoint)socket.RemoteEndPoint!).Address.ShouldBe(IPAddress.IPv6Loopback);
        await server.SendAsync("v6"u8.ToArray(), SocketFlags.None, Token);
        var buffer = new byte[2];
        (await socket.ReceiveAsync(buffer, SocketFlags.None, Token)).ShouldBe(2);
        Encoding.ASCII.GetString(buffer).ShouldBe("v6");
    }

    [Fact]
    public async Task ConnectAsync_MissingNamespace_FailsClearly()
    {
        var missing = await Should.ThrowAsync<SystemCallException>(() => _connector.ConnectAsync("/run/netns/" + _name + "-missing", 80, Token));

        missing.Message.ShouldContain(_name + "-missing");
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => _connector.ConnectAsync(NetnsPath, 0, Token));
    }

    private async Task<Socket> ConnectWhenListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                return await _connector.ConnectAsync(NetnsPath, port, Token);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, Token); // the listener is still starting
            }
        }
    }

    private void StartServer(params string[] command)
    {
        var startInfo = new ProcessStartInfo("ip") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "netns", "exec", _name }.Concat(command))
        {
            startInfo.ArgumentList.Add(argument);
        }

        _servers.Add(Process.Start(startInfo)!);
    }

    /// <summary>A port free on the host's loopback right now (namespaces have their own ports, so it is free in ours too).</summary>
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}

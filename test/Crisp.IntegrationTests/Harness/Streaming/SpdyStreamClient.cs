using System.Net.Sockets;
using Crisp.Cri.Streaming.Spdy;
using Shouldly;

namespace Crisp.IntegrationTests.Harness.Streaming;

/// <summary>
/// The client side of a Kubernetes SPDY stream connection, as kubectl and the kubelet's proxy make it: an HTTP/1.1
/// upgrade to <c>SPDY/3.1</c> offering stream protocols, a <c>101</c> naming the chosen one, then a SPDY/3.1 session in
/// which the client opens the streams (crisp's own <see cref="SpdyConnection"/>, client side).
/// </summary>
public sealed class SpdyStreamClient : IAsyncDisposable
{
    private readonly RawHttpUpgrade _upgrade;
    private readonly Task _running;

    private SpdyStreamClient(RawHttpUpgrade upgrade, string protocol)
    {
        _upgrade = upgrade;
        Protocol = protocol;
        Connection = SpdyConnection.Client(upgrade.Stream);
        _running = Connection.RunAsync();
    }

    public SpdyConnection Connection { get; }

    /// <summary>The protocol the server chose (its <c>X-Stream-Protocol-Version</c> response header).</summary>
    public string Protocol { get; }

    /// <summary>Upgrades at <paramref name="url"/> offering <paramref name="protocols"/>; checks the 101 and the chosen protocol is one offered.</summary>
    public static async Task<SpdyStreamClient> ConnectAsync(string url, IReadOnlyList<string> protocols, CancellationToken cancellationToken)
    {
        var upgrade = await RawHttpUpgrade.SpdyAsync(url, protocols, cancellationToken);
        try
        {
            if (upgrade.StatusCode != 101)
            {
                var body = System.Text.Encoding.UTF8.GetString(await upgrade.ReadToEndAsync(cancellationToken));
                throw new InvalidOperationException($"the SPDY upgrade at {url} got {upgrade.StatusCode}: {body}");
            }

            upgrade.Header("upgrade").ShouldBe("SPDY/3.1", StringCompareShould.IgnoreCase);
            upgrade.Header("connection").ShouldBe("Upgrade", StringCompareShould.IgnoreCase);
            var protocol = upgrade.Header("x-stream-protocol-version");
            protocol.ShouldNotBeNull("the 101 names the stream protocol chosen");
            protocols.ShouldContain(protocol);
            return new SpdyStreamClient(upgrade, protocol);
        }
        catch
        {
            upgrade.Dispose();
            throw;
        }
    }

    /// <summary>Opens a stream with <paramref name="headers"/> and waits for the server's SYN_REPLY.</summary>
    public async Task<SpdyStream> OpenAsync(SpdyHeaders headers, CancellationToken cancellationToken)
    {
        var stream = await Connection.OpenStreamAsync(headers, cancellationToken: cancellationToken);
        await stream.WaitForReplyAsync(cancellationToken);
        return stream;
    }

    /// <summary>Drops the TCP connection with a reset (no GOAWAY, no FIN): a client killed mid-session.</summary>
    public void Abort()
    {
        _upgrade.Tcp.Client.LingerState = new LingerOption(enable: true, seconds: 0);
        _upgrade.Tcp.Client.Close();
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _upgrade.Dispose();
    }
}

using Crisp.Core.Containers;
using Crisp.Core.State;
using Crisp.Cri.Streaming.Remote;
using Crisp.Cri.Streaming.Spdy;
using Crisp.Network.Namespaces;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Crisp.Cri.Streaming;

/// <summary>
/// Serves one streaming connection whose token was valid: picks the transport the client asked for (a WebSocket with
/// one of the Kubernetes channel subprotocols, or an <c>Upgrade: SPDY/3.1</c>) and runs the exec, attach or port-forward
/// over it against the container or pod.
/// </summary>
public sealed partial class StreamHandlers(ContainerManager containers, SandboxStore sandboxes, INetnsConnector connector, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger<StreamHandlers>();

    public async Task ServeAsync(HttpContext context, StreamRequest request)
    {
        if (context.WebSockets.IsWebSocketRequest)
        {
            await ServeWebSocketAsync(context, request).ConfigureAwait(false);
            return;
        }

        if (string.Equals(context.Request.Headers.Upgrade, "SPDY/3.1", StringComparison.OrdinalIgnoreCase)
            && context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
        {
            await ServeSpdyAsync(context, upgrade, request).ConfigureAwait(false);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await context.Response.WriteAsync("expected an Upgrade to SPDY/3.1 or a WebSocket with a channel.k8s.io subprotocol\n").ConfigureAwait(false);
    }

    /// <summary>
    /// SPDY/3.1: the protocol is the first of the client's <c>X-Stream-Protocol-Version</c> values crisp speaks (none
    /// given = the oldest, <c>channel.k8s.io</c>); the 101 response names it, then the connection speaks SPDY.
    /// </summary>
    private async Task ServeSpdyAsync(HttpContext context, IHttpUpgradeFeature upgrade, StreamRequest request)
    {
        var supported = request is PortForwardStreamRequest ? [SpdyPortForward.Protocol] : SpdyRemoteCommand.Protocols;
        var offered = context.Request.Headers["X-Stream-Protocol-Version"]
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .ToList();
        var protocol = offered.Count == 0 ? supported[^1] : offered.FirstOrDefault(supported.Contains);
        if (protocol is null)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync($"none of the offered stream protocols ({string.Join(", ", offered)}) is supported; supported: {string.Join(", ", supported)}\n").ConfigureAwait(false);
            return;
        }

        var ports = request is PortForwardStreamRequest forward ? forward : null;
        var netns = ports is null ? null : NetworkNamespaceOf(ports.SandboxId);
        context.Response.Headers["X-Stream-Protocol-Version"] = protocol;
        context.Response.Headers.Connection = "Upgrade";
        context.Response.Headers.Upgrade = "SPDY/3.1";
        var transport = await upgrade.UpgradeAsync().ConfigureAwait(false);
        var aborted = context.RequestAborted;
        var connection = SpdyConnection.Server(transport, logger: _logger);
        var running = connection.RunAsync(aborted);
        try
        {
            if (netns is not null)
            {
                await SpdyPortForward.RunAsync(connection, port => connector.ConnectAsync(netns, port, aborted), aborted).ConfigureAwait(false);
            }
            else
            {
                var (stdin, stdout, stderr, tty) = Streams(request);
                var streams = await SpdyRemoteCommand.AcceptAsync(connection, protocol, stdin, stdout, stderr, tty, aborted).ConfigureAwait(false);
                if (streams is not null)
                {
                    await RunOrReportAsync(request, streams, aborted).ConfigureAwait(false);
                    await DisposeAllAsync(streams).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // Sends GOAWAY, ends every stream and closes the connection.
            await connection.DisposeAsync().ConfigureAwait(false);
            await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    internal static (bool Stdin, bool Stdout, bool Stderr, bool Tty) Streams(StreamRequest request) => request switch
    {
        ExecStreamRequest e => (e.Stdin, e.Stdout, e.Stderr, e.Tty),
        AttachStreamRequest a => (a.Stdin, a.Stdout, a.Stderr, a.Tty),
        _ => (false, false, false, false),
    };

    private static async Task DisposeAllAsync(RemoteStreams streams)
    {
        foreach (var stream in new[] { streams.Stdout, streams.Stderr })
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Runs the exec or attach; a refusal (the container stopped meanwhile) goes to the error stream.</summary>
    private async Task RunOrReportAsync(StreamRequest request, RemoteStreams streams, CancellationToken clientGone)
    {
        try
        {
            await RunAsync(request, streams, clientGone).ConfigureAwait(false);
        }
        catch (ContainerException e)
        {
            await streams.ReportAsync(null, e.Message).ConfigureAwait(false);
        }
    }

    private async Task ServeWebSocketAsync(HttpContext context, StreamRequest request)
    {
        var portForward = request is PortForwardStreamRequest;
        var protocol = portForward
            ? WebSocketPortForward.Negotiate(context.WebSockets.WebSocketRequestedProtocols)
            : WebSocketChannels.Negotiate(context.WebSockets.WebSocketRequestedProtocols);
        if (protocol is null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"none of the offered subprotocols ({string.Join(", ", context.WebSockets.WebSocketRequestedProtocols)}) is supported\n").ConfigureAwait(false);
            return;
        }

        if (request is PortForwardStreamRequest forward)
        {
            var ports = WebSocketPortForward.Ports(context.Request.Query["port"], forward.Ports);
            var netns = NetworkNamespaceOf(forward.SandboxId);
            using var pfSocket = await context.WebSockets.AcceptWebSocketAsync(protocol).ConfigureAwait(false);
            await WebSocketPortForward.RunAsync(pfSocket, protocol, ports, port => connector.ConnectAsync(netns, port, context.RequestAborted), context.RequestAborted).ConfigureAwait(false);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(protocol).ConfigureAwait(false);
        await using var channels = new WebSocketChannels(socket, protocol, [WebSocketStreams.Stdin, WebSocketStreams.Resize]);
        using var clientGone = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var receiving = channels.ReceiveThenCancelAsync(clientGone, context.RequestAborted);
        var streams = WebSocketStreams.For(channels, protocol, request);
        await RunOrReportAsync(request, streams, clientGone.Token).ConfigureAwait(false);

        await channels.CloseAsync(CancellationToken.None).ConfigureAwait(false);
        await receiving.WaitAsync(TimeSpan.FromSeconds(5), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Runs an exec or attach against the container, over whichever transport supplied <paramref name="streams"/>.</summary>
    private async Task RunAsync(StreamRequest request, RemoteStreams streams, CancellationToken clientGone)
    {
        switch (request)
        {
            case ExecStreamRequest exec:
                await using (var session = await containers.ExecAsync(exec.ContainerId, exec.Command, new Crisp.Oci.Runtime.ExecStreams
                {
                    Tty = exec.Tty,
                    Stdin = exec.Stdin,
                    Stdout = exec.Stdout,
                    Stderr = exec.Stderr && !exec.Tty,
                }, clientGone).ConfigureAwait(false))
                {
                    Log.Exec(_logger, exec.ContainerId, string.Join(' ', exec.Command), exec.Tty);
                    await RemoteExec.RunAsync(session, streams, clientGone).ConfigureAwait(false);
                }

                break;
            case AttachStreamRequest attach:
                await using (var session = await containers.AttachAsync(attach.ContainerId, clientGone).ConfigureAwait(false))
                {
                    Log.Attach(_logger, attach.ContainerId, attach.Tty);
                    await RemoteAttach.RunAsync(session, streams, (w, h) => containers.ResizeTerminalAsync(attach.ContainerId, w, h, CancellationToken.None), clientGone).ConfigureAwait(false);
                }

                break;
        }
    }

    private string NetworkNamespaceOf(string sandboxId) =>
        sandboxes.Get(sandboxId)?.NetworkNamespacePath
        ?? throw new InvalidOperationException($"pod sandbox {sandboxId} has no network namespace of its own (gone, or host network)");

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Exec in container {Id}: {Command} (tty {Tty})")]
        public static partial void Exec(ILogger logger, string id, string command, bool tty);

        [LoggerMessage(Level = LogLevel.Information, Message = "Attach to container {Id} (tty {Tty})")]
        public static partial void Attach(ILogger logger, string id, bool tty);
    }
}

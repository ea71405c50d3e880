using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Crisp.Config;
using Crisp.Core.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crisp.Server;

/// <summary>
/// The Prometheus endpoint: <c>GET /metrics</c> on its own Kestrel listener at <c>metrics_host:metrics_port</c> and,
/// when set, on the Unix socket <c>metrics_socket</c>; HTTPS when <c>metrics_cert</c> and <c>metrics_key</c> are set.
/// </summary>
internal sealed partial class MetricsServer(CrispMetrics metrics, ILogger<MetricsServer> logger) : IAsyncDisposable
{
    private WebApplication? _app;
    private string? _socket;

    /// <summary>Starts serving. Throws <see cref="DaemonStartupException"/> when an address cannot be bound or the TLS files cannot be read.</summary>
    public async Task StartAsync(MetricsConfig config, CancellationToken cancellationToken)
    {
        var address = $"{config.MetricsHost}:{config.MetricsPort}";
        var selected = MetricCollectors.Select(config.MetricsCollectors);
        var tls = config.MetricsCert.Length > 0 ? LoadCertificate(config) : null;
        var ip = ResolveHost(config.MetricsHost, address);
        if (config.MetricsSocket.Length > 0)
        {
            try
            {
                SocketPath.Prepare(config.MetricsSocket);
            }
            catch (DaemonStartupException e)
            {
                throw new DaemonStartupException($"cannot serve metrics on {config.MetricsSocket}: {e.Message}", e);
            }

            _socket = config.MetricsSocket;
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(ip, config.MetricsPort, listen => Configure(listen, tls));
            if (config.MetricsSocket.Length > 0)
            {
                kestrel.ListenUnixSocket(config.MetricsSocket, listen => Configure(listen, tls));
            }
        });
        var app = builder.Build();
        app.MapGet("/metrics", context => ServeAsync(context, selected));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            var where = e.Message.Contains(config.MetricsSocket, StringComparison.Ordinal) && config.MetricsSocket.Length > 0
                ? config.MetricsSocket : address;
            throw new DaemonStartupException($"cannot serve metrics on {where}: {Reason(e)}", e);
        }

        _app = app;
        LogServing(logger, tls is null ? "http" : "https", address, _socket ?? "no socket");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }

        if (_socket is not null)
        {
            try
            {
                File.Delete(_socket);
            }
            catch (IOException)
            {
                // The next start replaces a stale socket.
            }
        }
    }

    private async Task ServeAsync(HttpContext context, IReadOnlySet<string> selected)
    {
        var page = metrics.Registry.Render(selected);
        context.Response.ContentType = PrometheusTextWriter.ContentType;
        await context.Response.WriteAsync(page, context.RequestAborted).ConfigureAwait(false);
    }

    private static void Configure(ListenOptions listen, X509Certificate2? tls)
    {
        listen.Protocols = HttpProtocols.Http1;
        if (tls is not null)
        {
            listen.UseHttps(tls);
        }
    }

    private static IPAddress ResolveHost(string host, string address)
    {
        if (host.Length == 0)
        {
            return IPAddress.Any;
        }

        if (IPAddress.TryParse(host.Trim('[', ']'), out var ip))
        {
            return ip;
        }

        if (host == "localhost")
        {
            return IPAddress.Loopback;
        }

        try
        {
            return Dns.GetHostAddresses(host).FirstOrDefault()
                ?? throw new DaemonStartupException($"cannot serve metrics on {address}: {host} has no address");
        }
        catch (SocketException e)
        {
            throw new DaemonStartupException($"cannot serve metrics on {address}: cannot resolve {host}: {e.Message}", e);
        }
    }

    private static X509Certificate2 LoadCertificate(MetricsConfig config)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(config.MetricsCert, config.MetricsKey);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new DaemonStartupException(
                $"cannot load the metrics certificate {config.MetricsCert} and key {config.MetricsKey}: {e.Message}", e);
        }
    }

    /// <summary>"address already in use" rather than Kestrel's sentence around it.</summary>
    private static string Reason(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode == SocketError.AddressAlreadyInUse ? "address already in use" : socket.Message;
            }
        }

        return e is Microsoft.AspNetCore.Connections.AddressInUseException ? "address already in use" : e.Message;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving metrics over {Scheme} on {Address} ({Socket})")]
    private static partial void LogServing(ILogger logger, string scheme, string address, string socket);
}

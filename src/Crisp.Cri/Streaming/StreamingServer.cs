using System.Net;
using System.Security.Cryptography.X509Certificates;
using Crisp.Config;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crisp.Cri.Streaming;

/// <summary>
/// crisp's streaming server, as the kubelet expects of a CRI runtime: HTTP/1.1 on <c>[crio.api] stream_address</c> and
/// <c>stream_port</c> (127.0.0.1 and a free port by default), optionally TLS (<c>stream_enable_tls</c>, with client
/// certificates checked against <c>stream_tls_ca</c> when set), serving <c>/exec/TOKEN</c>, <c>/attach/TOKEN</c> and
/// <c>/portforward/TOKEN</c> for the tokens the Exec, Attach and PortForward RPCs issue.
/// </summary>
public sealed partial class StreamingServer(StreamTokens tokens, StreamHandlers handlers, ILoggerFactory loggers) : IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<StreamingServer>();
    private WebApplication? _app;

    /// <summary>The base URL clients connect to (scheme, address and the port actually bound).</summary>
    public Uri? BaseUrl { get; private set; }

    /// <summary>Binds and starts serving. Throws <see cref="IOException"/> when the address cannot be bound or the TLS files are unusable.</summary>
    public async Task StartAsync(ApiConfig api, CancellationToken cancellationToken)
    {
        var address = ParseAddress(api.StreamAddress);
        var port = ParsePort(api.StreamPort);
        var tls = api.StreamEnableTls ? LoadCertificate(api) : null;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggers);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(address, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                if (tls is not null)
                {
                    listen.UseHttps(https => ConfigureTls(https, tls, api.StreamTlsCa));
                }
            });
        });
        var app = builder.Build();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Map("/exec/{token}", context => Serve(context, "exec"));
        app.Map("/attach/{token}", context => Serve(context, "attach"));
        app.Map("/portforward/{token}", context => Serve(context, "portforward"));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new IOException($"cannot serve streams on {api.StreamAddress}:{api.StreamPort}: {e.Message}", e);
        }

        _app = app;
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var host = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString();
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            host = "127.0.0.1";
        }

        BaseUrl = new Uri($"{(tls is null ? "http" : "https")}://{host}:{bound.Port}/");
        Log.Serving(_logger, BaseUrl);
    }

    /// <summary>The URL a client presents <paramref name="token"/> at, for <paramref name="kind"/> (exec, attach or portforward).</summary>
    public string UrlFor(string kind, string token) =>
        new Uri(BaseUrl ?? throw new InvalidOperationException("the streaming server is not running"), $"{kind}/{token}").ToString();

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task Serve(HttpContext context, string kind)
    {
        var token = (string)context.Request.RouteValues["token"]!;
        var request = tokens.Take(token);
        if (request is null || !Matches(request, kind))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            await context.Response.WriteAsync($"unknown or expired {kind} token\n").ConfigureAwait(false);
            return;
        }

        try
        {
            await handlers.ServeAsync(context, request).ConfigureAwait(false);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            Log.StreamFailed(_logger, kind, e);
            if (!context.Response.HasStarted)
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await context.Response.WriteAsync(e.Message + "\n").ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            Log.ClientGone(_logger, kind, e.Message);
        }
    }

    private static bool Matches(StreamRequest request, string kind) => kind switch
    {
        "exec" => request is ExecStreamRequest,
        "attach" => request is AttachStreamRequest,
        _ => request is PortForwardStreamRequest,
    };

    private static IPAddress ParseAddress(string text) =>
        string.IsNullOrWhiteSpace(text) ? IPAddress.Loopback
        : IPAddress.TryParse(text.Trim('[', ']'), out var address) ? address
        : throw new IOException($"stream_address \"{text}\" is not an IP address");

    private static int ParsePort(string text) =>
        string.IsNullOrWhiteSpace(text) ? 0
        : int.TryParse(text, out var port) && port is >= 0 and <= 65535 ? port
        : throw new IOException($"stream_port \"{text}\" is not a port number");

    private static X509Certificate2 LoadCertificate(ApiConfig api)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(api.StreamTlsCert, string.IsNullOrEmpty(api.StreamTlsKey) ? null : api.StreamTlsKey);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new IOException($"cannot load the streaming TLS certificate {api.StreamTlsCert} / key {api.StreamTlsKey}: {e.Message}", e);
        }
    }

    private static void ConfigureTls(HttpsConnectionAdapterOptions https, X509Certificate2 certificate, string caFile)
    {
        https.ServerCertificate = certificate;
        if (string.IsNullOrEmpty(caFile))
        {
            return;
        }

        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(caFile);
        https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
        https.ClientCertificateValidation = (client, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            return chain.Build(client);
        };
    }

    private static partial class Log
    {
        [LoggerMessage(Level = LogLevel.Information, Message = "Streaming server listening on {Url}")]
        public static partial void Serving(ILogger logger, Uri url);

        [LoggerMessage(Level = LogLevel.Warning, Message = "A {Kind} stream failed")]
        public static partial void StreamFailed(ILogger logger, string kind, Exception exception);

        [LoggerMessage(Level = LogLevel.Debug, Message = "A {Kind} client went away: {Reason}")]
        public static partial void ClientGone(ILogger logger, string kind, string reason);
    }
}

using System.Runtime.InteropServices;
using Crisp.Config;
using Crisp.Core;
using Crisp.Cri.Images;
using Crisp.Cri.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crisp.Server;

/// <summary>
/// The crisp daemon as an embeddable object: takes its locks, binds the CRI socket, serves gRPC and the
/// status pages on it, reloads on SIGHUP, and releases everything when it stops.
/// </summary>
public sealed partial class CrispServer : IAsyncDisposable
{
    private const UnixFileMode SocketMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    private readonly WebApplication _app;
    private readonly DaemonLocks _locks;
    private readonly string _socketPath;
    private readonly ILogger<CrispServer> _logger;
    private PosixSignalRegistration? _sighup;

    private CrispServer(WebApplication app, DaemonLocks locks, string socketPath)
    {
        _app = app;
        _locks = locks;
        _socketPath = socketPath;
        _logger = app.Services.GetRequiredService<ILogger<CrispServer>>();
    }

    /// <summary>Builds the server. Throws <see cref="DaemonStartupException"/> when the paths are unusable or taken.</summary>
    public static CrispServer Create(CrispServerOptions options)
    {
        var config = options.Config;
        var socket = config.Api.Listen;
        CreateDirectory(config.Root.Root, "state root");
        CreateDirectory(config.Root.RunRoot, "runroot");
        var locks = DaemonLocks.Acquire(config.Root.Root, socket);
        try
        {
            SocketPath.Prepare(socket);
            return new CrispServer(Build(options, socket), locks, socket);
        }
        catch
        {
            locks.Dispose();
            throw;
        }
    }

    private static WebApplication Build(CrispServerOptions options, string socket)
    {
        var config = options.Config;
        var builder = WebApplication.CreateSlimBuilder();
        var levels = new LogLevelSwitch(LogLevelSwitch.Parse(config.Runtime.LogLevel));

        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Logging.AddFilter((category, level) => levels.IsEnabled(category, level));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(
            o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // Prior-knowledge HTTP/2 connections look like TLS to Kestrel (see CleartextProtocolSniffer),
            // while their requests rightly say :scheme http.
            kestrel.AllowAlternateSchemes = true;
            kestrel.ListenUnixSocket(socket, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.Use(CleartextProtocolSniffer.Middleware);
            });
        });

        builder.Services.AddSingleton(levels);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<ReloadableConfig>();
        builder.Services.AddSingleton<ICrispConfigSource>(sp => sp.GetRequiredService<ReloadableConfig>());
        builder.Services.AddSingleton<PodNetworkSettings>();
        builder.Services.AddSingleton(TimeProvider.System);
        ImageServices.Add(builder.Services, config);
        NetworkServices.Add(builder.Services, config);
        PodServices.Add(builder.Services, config);
        StreamingServices.Add(builder.Services);
        MetricsServices.Add(builder.Services);
        builder.Services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<MetricsInterceptor>();
            grpc.Interceptors.Add<RpcLoggingInterceptor>();
            grpc.MaxReceiveMessageSize = config.Api.GrpcMaxRecvMsgSize;
            grpc.MaxSendMessageSize = config.Api.GrpcMaxSendMsgSize;
            grpc.EnableDetailedErrors = true;
        });

        var app = builder.Build();
        try
        {
            ImageServices.Open(app.Services);
            PodServices.Open(app.Services);
        }
        catch
        {
            ((IDisposable)app).Dispose();
            throw;
        }

        app.MapGrpcService<CriRuntimeService>();
        app.MapGrpcService<CriImageService>();
        StatusEndpoints.Map(app);
        return app;
    }

    /// <summary>Starts serving; returns once the socket accepts connections.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        var config = _app.Services.GetRequiredService<ReloadableConfig>();
        await StreamingServices.StartAsync(_app.Services, config.Current.Api, cancellationToken).ConfigureAwait(false);
        await MetricsServices.StartAsync(_app.Services, config.Current.Metrics, cancellationToken).ConfigureAwait(false);
        try
        {
            await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new DaemonStartupException($"cannot listen on {_socketPath}: {e.Message}", e);
        }

        File.SetUnixFileMode(_socketPath, SocketMode);
        _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            config.Reload();
        });
        LogServing(_logger, RuntimeIdentity.Version, _socketPath, Environment.ProcessId);
    }

    /// <summary>Runs until SIGTERM/SIGINT (or the token), then shuts down gracefully.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        await _app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _sighup?.Dispose();
        await _app.DisposeAsync().ConfigureAwait(false);
        try
        {
            File.Delete(_socketPath);
        }
        catch (IOException)
        {
            // Gone already or unremovable: the next start replaces a stale socket anyway.
        }

        LogStopped(_logger);
        _locks.Dispose();
    }

    private static void CreateDirectory(string path, string what)
    {
        try
        {
            Directory.CreateDirectory(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DaemonStartupException($"cannot create the {what} {path}: {e.Message}", e);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "crisp {Version} serving CRI v1 on {Socket} (pid {Pid})")]
    private static partial void LogServing(ILogger logger, string version, string socket, int pid);

    [LoggerMessage(Level = LogLevel.Information, Message = "crisp stopped")]
    private static partial void LogStopped(ILogger logger);
}

using System.CommandLine;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using Runtime.V1;

namespace Crisp.Ctl;

/// <summary>One <c>crisp ctl</c> invocation's connection: the resolved endpoints, the gRPC clients and the call deadline.</summary>
internal sealed class CtlContext : IDisposable
{
    private static readonly TimeSpan _defaultConnectTimeout = TimeSpan.FromSeconds(2);

    private readonly GrpcChannel _runtimeChannel;
    private readonly GrpcChannel _imageChannel;

    private CtlContext(ClientConfig config)
    {
        Config = config;
        _runtimeChannel = Open(config.RuntimeEndpoint, config.Timeout);
        _imageChannel = config.ImageEndpoint == config.RuntimeEndpoint ? _runtimeChannel : Open(config.ImageEndpoint, config.Timeout);
        Runtime = new RuntimeService.RuntimeServiceClient(_runtimeChannel);
        Images = new ImageService.ImageServiceClient(_imageChannel);
    }

    public ClientConfig Config { get; }

    public RuntimeService.RuntimeServiceClient Runtime { get; }

    public ImageService.ImageServiceClient Images { get; }

    /// <summary>The deadline of a unary call: now + --timeout, or none.</summary>
    public DateTime? Deadline => Config.Timeout is { } timeout ? DateTime.UtcNow + timeout : null;

    public static CtlContext Create(ParseResult parse, CtlOptions options)
    {
        var config = ClientConfig.Resolve(
            parse.GetValue(options.RuntimeEndpoint),
            parse.GetValue(options.ImageEndpoint),
            parse.GetValue(options.Timeout),
            parse.GetValue(options.Config),
            parse.GetValue(options.Debug),
            Environment.GetEnvironmentVariable);
        if (config.Debug)
        {
            Console.Error.WriteLine($"crisp ctl: runtime endpoint {config.RuntimeEndpoint}, image endpoint {config.ImageEndpoint}, timeout {(config.Timeout?.ToString() ?? "none")}");
        }

        return new CtlContext(config);
    }

    public void Dispose()
    {
        _runtimeChannel.Dispose();
        if (!ReferenceEquals(_imageChannel, _runtimeChannel))
        {
            _imageChannel.Dispose();
        }
    }

    private static GrpcChannel Open(string endpoint, TimeSpan? timeout)
    {
        var socketPath = ClientConfig.SocketPath(endpoint);
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = timeout ?? _defaultConnectTimeout,
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch (SocketException e)
                {
                    socket.Dispose();
                    var reason = File.Exists(socketPath) ? e.SocketErrorCode == SocketError.ConnectionRefused ? "connection refused" : e.Message : "no such file or directory";
                    throw new CtlException($"validate service connection: connect to the runtime endpoint {endpoint}: dial unix {socketPath}: {reason}");
                }
            },
        };
        return GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = 64 * 1024 * 1024,
        });
    }

    /// <summary>Turns the gRPC failure of a connect error into crictl's "connect" wording.</summary>
    public static string? ConnectFailure(RpcException e)
    {
        for (Exception? inner = e.Status.DebugException; inner is not null; inner = inner.InnerException)
        {
            if (inner is CtlException ctl)
            {
                return ctl.Message;
            }
        }

        return null;
    }
}

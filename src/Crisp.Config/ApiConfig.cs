namespace Crisp.Config;

/// <summary>The <c>[crio.api]</c> table: the CRI gRPC socket and the exec/attach/port-forward streaming server.</summary>
public sealed record ApiConfig
{
    /// <summary>Default gRPC message size limit, 80 MiB as in CRI-O.</summary>
    public const int DefaultGrpcMaxMsgSize = 80 * 1024 * 1024;

    /// <summary><c>listen</c>: path of the CRI Unix socket.</summary>
    public string Listen { get; init; } = "/run/crisp/crisp.sock";

    /// <summary><c>stream_address</c>: IP the streaming server binds to.</summary>
    public string StreamAddress { get; init; } = "127.0.0.1";

    /// <summary><c>stream_port</c>: streaming server port, a string as in CRI-O ("0" = pick a free port).</summary>
    public string StreamPort { get; init; } = "0";

    /// <summary><c>stream_enable_tls</c>: serve the streaming endpoint over TLS.</summary>
    public bool StreamEnableTls { get; init; }

    /// <summary><c>stream_idle_timeout</c>: Go duration after which idle streams close ("" = never).</summary>
    public string StreamIdleTimeout { get; init; } = "";

    /// <summary><c>stream_tls_cert</c>: server certificate for the streaming endpoint.</summary>
    public string StreamTlsCert { get; init; } = "";

    /// <summary><c>stream_tls_key</c>: private key for <see cref="StreamTlsCert"/>.</summary>
    public string StreamTlsKey { get; init; } = "";

    /// <summary><c>stream_tls_ca</c>: CA bundle used to verify streaming clients.</summary>
    public string StreamTlsCa { get; init; } = "";

    /// <summary><c>grpc_max_send_msg_size</c>: largest gRPC message sent, in bytes (&lt;= 0 means the default).</summary>
    public int GrpcMaxSendMsgSize { get; init; } = DefaultGrpcMaxMsgSize;

    /// <summary><c>grpc_max_recv_msg_size</c>: largest gRPC message accepted, in bytes (&lt;= 0 means the default).</summary>
    public int GrpcMaxRecvMsgSize { get; init; } = DefaultGrpcMaxMsgSize;
}

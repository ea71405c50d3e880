namespace Crisp.Config.Schema;

/// <summary>Keys of the <c>[crio.api]</c> table.</summary>
internal static class ApiSchema
{
    public static TableSpec<ApiConfig> Table { get; } = new(
    [
        Key.Text<ApiConfig>("listen", "Unix socket the kubelet connects to.",
            c => c.Listen, (c, v) => c with { Listen = v }),
        Key.Text<ApiConfig>("stream_address", "Address of the exec/attach/port-forward streaming server.",
            c => c.StreamAddress, (c, v) => c with { StreamAddress = v }),
        Key.Text<ApiConfig>("stream_port", "Port of the streaming server, as a string; \"0\" picks a free port.",
            c => c.StreamPort, (c, v) => c with { StreamPort = v }),
        Key.Flag<ApiConfig>("stream_enable_tls", "Serve the streaming endpoint over TLS.",
            c => c.StreamEnableTls, (c, v) => c with { StreamEnableTls = v }),
        Key.Text<ApiConfig>("stream_idle_timeout", "Close streams idle for this long (Go duration); empty never closes them.",
            c => c.StreamIdleTimeout, (c, v) => c with { StreamIdleTimeout = v }),
        Key.Text<ApiConfig>("stream_tls_cert", "TLS certificate of the streaming server.",
            c => c.StreamTlsCert, (c, v) => c with { StreamTlsCert = v }),
        Key.Text<ApiConfig>("stream_tls_key", "TLS private key of the streaming server.",
            c => c.StreamTlsKey, (c, v) => c with { StreamTlsKey = v }),
        Key.Text<ApiConfig>("stream_tls_ca", "CA bundle that streaming clients must be signed by.",
            c => c.StreamTlsCa, (c, v) => c with { StreamTlsCa = v }),
        Key.Int32<ApiConfig>("grpc_max_send_msg_size", "Largest gRPC message sent, in bytes; 0 or less means 80 MiB.",
            c => c.GrpcMaxSendMsgSize, (c, v) => c with { GrpcMaxSendMsgSize = v }),
        Key.Int32<ApiConfig>("grpc_max_recv_msg_size", "Largest gRPC message accepted, in bytes; 0 or less means 80 MiB.",
            c => c.GrpcMaxRecvMsgSize, (c, v) => c with { GrpcMaxRecvMsgSize = v }),
    ],
    Unsupported.Newer("tls_min_version", "tls_cipher_suites"));
}

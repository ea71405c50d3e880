using System.Buffers;
using System.IO.Pipelines;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace Crisp.Server;

/// <summary>
/// Lets one cleartext Unix socket serve gRPC (HTTP/2 with prior knowledge, as the kubelet and crictl speak
/// it) and the HTTP/1.1 status pages (as curl and <c>crisp status</c> speak them), as CRI-O does with cmux.
/// </summary>
/// <remarks>
/// Kestrel in .NET 10 picks HTTP/1.1 for a cleartext endpoint that allows both versions, because without
/// TLS there is no ALPN to choose by. This connection middleware looks at the first bytes without consuming
/// them: a connection that opens with the HTTP/2 client preface gets the features Kestrel reads the ALPN
/// result from, saying "h2"; every other connection is left alone and is served as HTTP/1.1.
/// </remarks>
internal static class CleartextProtocolSniffer
{
    private static readonly byte[] _preface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8.ToArray();

    /// <summary>How long a new connection may stay silent before it is dropped.</summary>
    public static readonly TimeSpan FirstBytesTimeout = TimeSpan.FromSeconds(30);

    public static Func<ConnectionDelegate, ConnectionDelegate> Middleware => next => async connection =>
    {
        bool http2;
        using (var timeout = new CancellationTokenSource(FirstBytesTimeout))
        using (timeout.Token.Register(connection.Transport.Input.CancelPendingRead))
        {
            http2 = await StartsWithPrefaceAsync(connection.Transport.Input).ConfigureAwait(false);
            if (timeout.IsCancellationRequested)
            {
                connection.Abort(new ConnectionAbortedException("no request within the first-bytes timeout"));
                return;
            }
        }

        if (http2)
        {
            var feature = new PriorKnowledgeHttp2Feature();
            connection.Features.Set<ITlsConnectionFeature>(feature);
            connection.Features.Set<ITlsApplicationProtocolFeature>(feature);
        }

        await next(connection).ConfigureAwait(false);
    };

    /// <summary>Reads until the bytes either match the whole preface or diverge from it; consumes nothing.</summary>
    internal static async ValueTask<bool> StartsWithPrefaceAsync(PipeReader input)
    {
        while (true)
        {
            var result = await input.ReadAsync().ConfigureAwait(false);
            var buffer = result.Buffer;
            var examined = buffer.Start;
            try
            {
                if (result.IsCanceled)
                {
                    return false;
                }

                var length = (int)Math.Min(buffer.Length, _preface.Length);
                if (!MatchesPreface(buffer.Slice(0, length)))
                {
                    return false;
                }

                if (length == _preface.Length)
                {
                    return true;
                }

                if (result.IsCompleted)
                {
                    return false;
                }

                examined = buffer.End;
            }
            finally
            {
                input.AdvanceTo(buffer.Start, examined);
            }
        }
    }

    private static bool MatchesPreface(ReadOnlySequence<byte> bytes)
    {
        Span<byte> copy = stackalloc byte[_preface.Length];
        bytes.CopyTo(copy);
        return copy[..(int)bytes.Length].SequenceEqual(_preface.AsSpan(0, (int)bytes.Length));
    }

    /// <summary>The ALPN answer "h2" for a cleartext connection that opened with the HTTP/2 preface.</summary>
    private sealed class PriorKnowledgeHttp2Feature : ITlsConnectionFeature, ITlsApplicationProtocolFeature
    {
        private static readonly byte[] _h2 = "h2"u8.ToArray();

        public X509Certificate2? ClientCertificate
        {
            get => null;
            set { }
        }

        public ReadOnlyMemory<byte> ApplicationProtocol => _h2;

        public Task<X509Certificate2?> GetClientCertificateAsync(CancellationToken cancellationToken) =>
            Task.FromResult<X509Certificate2?>(null);
    }
}

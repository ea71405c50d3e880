using System.Security.Cryptography;

namespace Crisp.Cri.Streaming;

/// <summary>
/// The single-use tokens of the streaming server, as the Kubernetes streaming server keeps them: a random URL-safe
/// token per Exec/Attach/PortForward RPC, valid for <see cref="Lifetime"/>, taken (and so invalidated) by the first
/// connection that presents it. At most <see cref="Capacity"/> are outstanding; expired ones are dropped as new ones come.
/// </summary>
public sealed class StreamTokens(TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    public const int Capacity = 1000;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (StreamRequest Request, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);

    /// <summary>A new token for <paramref name="request"/>.</summary>
    /// <exception cref="InvalidOperationException">Too many tokens are outstanding.</exception>
    public string Issue(StreamRequest request)
    {
        var now = time.GetUtcNow();
        var token = Base64Url(RandomNumberGenerator.GetBytes(24));
        lock (_gate)
        {
            foreach (var expired in _tokens.Where(t => t.Value.Expires <= now).Select(t => t.Key).ToList())
            {
                _tokens.Remove(expired);
            }

            if (_tokens.Count >= Capacity)
            {
                throw new InvalidOperationException($"too many streaming requests in flight (at most {Capacity} may wait for their client)");
            }

            _tokens[token] = (request, now + Lifetime);
        }

        return token;
    }

    /// <summary>The request behind <paramref name="token"/>, once: null when unknown, already used or expired.</summary>
    public StreamRequest? Take(string token)
    {
        lock (_gate)
        {
            if (!_tokens.Remove(token, out var entry))
            {
                return null;
            }

            return entry.Expires > time.GetUtcNow() ? entry.Request : null;
        }
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

using System.Collections.Concurrent;

namespace Crisp.Images.Registry;

/// <summary>A bearer token and the time it stops being usable.</summary>
internal sealed record CachedToken(string Value, DateTimeOffset ExpiresAt);

/// <summary>
/// Bearer tokens by key (realm, service, scopes and the credential they were issued for). One fetch per key at a
/// time: concurrent requests that need the same token wait for the first one's fetch.
/// </summary>
internal sealed class TokenCache
{
    /// <summary>A token is not reused this close to its expiry.</summary>
    private static readonly TimeSpan _expiryMargin = TimeSpan.FromSeconds(5);

    private const int PurgeThreshold = 512;

    private readonly ConcurrentDictionary<string, CachedToken> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public TokenCache(TimeProvider time)
    {
        _time = time;
    }

    public int Count => _tokens.Count;

    /// <summary>
    /// The cached token for <paramref name="key"/>, or a new one from <paramref name="fetch"/>. A cached token equal to
    /// <paramref name="rejected"/> (one the registry just refused) is not reused.
    /// </summary>
    public async Task<string> GetAsync(string key, string? rejected, Func<CancellationToken, Task<CachedToken>> fetch, CancellationToken cancellationToken)
    {
        if (TryGetUsable(key, rejected) is { } cached)
        {
            return cached;
        }

        var gate = _locks.GetOrAdd(key, static _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (TryGetUsable(key, rejected) is { } fetchedMeanwhile)
            {
                return fetchedMeanwhile;
            }

            var token = await fetch(cancellationToken).ConfigureAwait(false);
            if (_tokens.Count >= PurgeThreshold)
            {
                Purge();
            }

            _tokens[key] = token;
            return token.Value;
        }
        finally
        {
            gate.Release();
        }
    }

    private string? TryGetUsable(string key, string? rejected) =>
        _tokens.TryGetValue(key, out var token)
        && !string.Equals(token.Value, rejected, StringComparison.Ordinal)
        && _time.GetUtcNow() < token.ExpiresAt - _expiryMargin
            ? token.Value
            : null;

    private void Purge()
    {
        var now = _time.GetUtcNow();
        foreach (var (key, token) in _tokens)
        {
            if (token.ExpiresAt <= now)
            {
                _tokens.TryRemove(key, out _);
            }
        }
    }
}

namespace Crisp.Images.Registry;

/// <summary>Settings of a <see cref="RegistryClient"/>.</summary>
public sealed record RegistryClientOptions
{
    /// <summary>How many blob downloads may run at once across the whole client (at least 1).</summary>
    public int MaxConcurrentDownloads { get; init; } = 3;

    /// <summary>
    /// When positive, a blob download fails once no bytes have arrived for this long (also while waiting for the
    /// response headers). <see cref="TimeSpan.Zero"/> turns it off.
    /// </summary>
    public TimeSpan PullProgressTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Bound on each ping, token and manifest request (and on small blob reads), body included.
    /// <see cref="TimeSpan.Zero"/> or <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Manifests and indexes larger than this are refused.</summary>
    public long MaxManifestBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>The User-Agent header of every request.</summary>
    public string UserAgent { get; init; } = "crisp/0.1";

    /// <summary>Clock for token lifetimes and timeouts.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>How long a TCP (and TLS) connection attempt may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a registry's ping result (scheme and auth challenges) is reused before pinging it again.</summary>
    public TimeSpan PingCacheLifetime { get; init; } = TimeSpan.FromMinutes(10);
}

namespace Crisp.Images.Registries;

/// <summary>One <c>[[registry.mirror]]</c> table.</summary>
internal sealed record RegistryMirror(string Location, bool Insecure, MirrorPullPolicy PullFromMirror);

/// <summary>
/// One <c>[[registry]]</c> table after post-processing: <see cref="Prefix"/> defaults to <see cref="Location"/>;
/// <see cref="Location"/> is empty only for a wildcard (<c>*.example.com</c>) prefix, meaning "no rewrite".
/// </summary>
internal sealed record RegistryEntry(
    string Prefix,
    string Location,
    bool Insecure,
    bool Blocked,
    bool MirrorByDigestOnly,
    IReadOnlyList<RegistryMirror> Mirrors,
    string Origin);

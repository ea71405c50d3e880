namespace Crisp.Images.Credentials;

/// <summary>What kind of secret a <see cref="RegistryCredential"/> mainly carries.</summary>
public enum RegistryCredentialKind
{
    /// <summary>Username and password (HTTP Basic, or the token endpoint's basic auth).</summary>
    Basic,

    /// <summary>An OAuth2 refresh token (<c>identitytoken</c>) for the registry's token endpoint; <see cref="RegistryCredential.Username"/> may be set too.</summary>
    IdentityToken,

    /// <summary>A bearer token to send to the registry directly, skipping the token endpoint.</summary>
    RegistryToken,
}

/// <summary>
/// Credentials for one registry. A client answers a Bearer challenge with <see cref="RegistryToken"/> if set,
/// else by asking the realm for a token using <see cref="IdentityToken"/> (as refresh_token) or
/// <see cref="Username"/>/<see cref="Password"/>; it answers a Basic challenge with username and password.
/// </summary>
public sealed record RegistryCredential
{
    private RegistryCredential(string username, string password, string? identityToken, string? registryToken, string source)
    {
        Username = username;
        Password = password;
        IdentityToken = identityToken;
        RegistryToken = registryToken;
        Source = source;
    }

    public string Username { get; }

    public string Password { get; }

    public string? IdentityToken { get; }

    public string? RegistryToken { get; }

    /// <summary>Where the credential came from, e.g. <c>CRI AuthConfig</c> or <c>/root/.docker/config.json ("quay.io")</c>; safe to log.</summary>
    public string Source { get; }

    public RegistryCredentialKind Kind =>
        RegistryToken is not null ? RegistryCredentialKind.RegistryToken
        : IdentityToken is not null ? RegistryCredentialKind.IdentityToken
        : RegistryCredentialKind.Basic;

    public static RegistryCredential Basic(string username, string password, string source) => new(username, password, null, null, source);

    public static RegistryCredential WithIdentityToken(string username, string identityToken, string source) =>
        new(username, "", identityToken, null, source);

    public static RegistryCredential WithRegistryToken(string registryToken, string source, string username = "", string password = "") =>
        new(username, password, null, registryToken, source);

    /// <summary>Never prints secrets.</summary>
    public override string ToString() => $"{Kind} credential for user \"{Username}\" from {Source}";
}

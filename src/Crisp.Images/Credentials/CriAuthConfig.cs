namespace Crisp.Images.Credentials;

/// <summary>The CRI <c>AuthConfig</c> of a PullImage request (the kubelet's credentials for this image).</summary>
/// <param name="Username">Basic-auth user.</param>
/// <param name="Password">Basic-auth password.</param>
/// <param name="Auth">base64("user:pass"); when set it wins over <paramref name="Username"/>/<paramref name="Password"/>.</param>
/// <param name="ServerAddress">The registry the kubelet matched the credentials for (informational; not used for matching).</param>
/// <param name="IdentityToken">An OAuth2 refresh token to exchange at the registry's token endpoint.</param>
/// <param name="RegistryToken">A bearer token to send to the registry as is.</param>
public sealed record CriAuthConfig(
    string? Username = null,
    string? Password = null,
    string? Auth = null,
    string? ServerAddress = null,
    string? IdentityToken = null,
    string? RegistryToken = null)
{
    public override string ToString() => $"CriAuthConfig {{ Username = {Username}, ServerAddress = {ServerAddress}, secrets redacted }}";
}

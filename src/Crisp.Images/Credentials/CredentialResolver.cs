using Crisp.Images.References;
using Crisp.Images.Registries;

namespace Crisp.Images.Credentials;

/// <summary>
/// Finds registry credentials in order: the CRI <c>AuthConfig</c>, then each auth file in <see cref="AuthFiles"/>
/// (by default <c>global_auth_file</c>, <c>/run/containers/0/auth.json</c>, <c>$XDG_RUNTIME_DIR/containers/auth.json</c>,
/// <c>~/.docker/config.json</c>); the first file with a usable entry wins. Missing files are skipped.
/// </summary>
public sealed class CredentialResolver
{
    /// <summary>The <see cref="RegistryCredential.Source"/> of credentials taken from the PullImage request.</summary>
    public const string CriSource = "CRI AuthConfig";

    public CredentialResolver(IReadOnlyList<string> authFiles)
    {
        AuthFiles = authFiles;
    }

    /// <summary>Auth files searched, in order.</summary>
    public IReadOnlyList<string> AuthFiles { get; }

    /// <summary>A resolver over <see cref="DefaultAuthFiles"/> for this process's environment.</summary>
    public static CredentialResolver CreateDefault(string? globalAuthFile = null) =>
        new(DefaultAuthFiles(globalAuthFile, Environment.GetEnvironmentVariable));

    /// <summary>
    /// <paramref name="globalAuthFile"/> (if set), <c>/run/containers/0/auth.json</c>, <c>$XDG_RUNTIME_DIR/containers/auth.json</c>
    /// (if set), then <c>$DOCKER_CONFIG/config.json</c> or <c>$HOME/.docker/config.json</c>; duplicates dropped.
    /// </summary>
    public static IReadOnlyList<string> DefaultAuthFiles(string? globalAuthFile, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var files = new List<string>();
        if (!string.IsNullOrEmpty(globalAuthFile))
        {
            files.Add(globalAuthFile);
        }

        files.Add("/run/containers/0/auth.json");
        if (environment("XDG_RUNTIME_DIR") is { Length: > 0 } runtimeDir)
        {
            files.Add(Path.Combine(runtimeDir, "containers", "auth.json"));
        }

        if (environment("DOCKER_CONFIG") is { Length: > 0 } dockerConfig)
        {
            files.Add(Path.Combine(dockerConfig, "config.json"));
        }
        else
        {
            var home = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            files.Add(Path.Combine(home, ".docker", "config.json"));
        }

        return files.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Credentials for pulling from <paramref name="source"/>. The CRI AuthConfig is only used when the source is on the
    /// requested image's registry (never sent to a mirror elsewhere); auth files are matched against the source's reference.
    /// </summary>
    public RegistryCredential? Resolve(PullSource source, CriAuthConfig? criAuth = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Resolve(source.Reference, source.SharesLogicalRegistry ? criAuth : null);
    }

    /// <summary>Credentials for <paramref name="reference"/>, or null for anonymous access.</summary>
    /// <exception cref="CredentialsException">The CRI auth field or an auth file is malformed.</exception>
    public RegistryCredential? Resolve(ImageReference reference, CriAuthConfig? criAuth = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        if (criAuth is not null && FromCri(criAuth) is { } fromCri)
        {
            return fromCri;
        }

        foreach (var file in AuthFiles)
        {
            if (AuthFile.Find(file, reference) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>As CRI-O: <c>auth</c> overrides username/password; a username means "send these credentials".</summary>
    internal static RegistryCredential? FromCri(CriAuthConfig auth)
    {
        var username = auth.Username ?? "";
        var password = auth.Password ?? "";
        if (!string.IsNullOrEmpty(auth.Auth))
        {
            if (!AuthFile.TryDecodeUserPassword(auth.Auth, out var decodedUser, out var decodedPassword))
            {
                throw new CredentialsException("the CRI AuthConfig \"auth\" field is not valid base64");
            }

            username = decodedUser ?? "";
            password = decodedPassword ?? "";
        }

        if (!string.IsNullOrEmpty(auth.RegistryToken))
        {
            return RegistryCredential.WithRegistryToken(auth.RegistryToken, CriSource, username, password);
        }

        if (!string.IsNullOrEmpty(auth.IdentityToken))
        {
            return RegistryCredential.WithIdentityToken(username, auth.IdentityToken, CriSource);
        }

        return username.Length > 0 ? RegistryCredential.Basic(username, password, CriSource) : null;
    }
}

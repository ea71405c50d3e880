using System.Text;
using System.Text.Json;
using Crisp.Images.References;

namespace Crisp.Images.Credentials;

/// <summary>
/// containers-auth.json(5) / Docker <c>config.json</c>: <c>{"auths": {"key": {"auth": "base64(user:pass)", "identitytoken": "..."}}}</c>.
/// </summary>
/// <remarks>
/// Keys are looked up most specific first — <c>registry/ns/repo</c>, <c>registry/ns</c>, <c>registry</c> — then,
/// as containers/image does, every key is normalised (scheme and path dropped from <c>http[s]://</c> URLs;
/// <c>docker.io</c> and <c>registry-1.docker.io</c> read as <c>index.docker.io</c>) and compared with the registry,
/// which finds Docker's legacy <c>https://index.docker.io/v1/</c> key. <c>credHelpers</c> are not run.
/// </remarks>
internal static class AuthFile
{
    private const string LegacyDockerHub = "index.docker.io";

    /// <summary>Credentials for <paramref name="reference"/> from the file at <paramref name="path"/>; null if the file is missing or has none.</summary>
    public static RegistryCredential? Find(string path, ImageReference reference)
    {
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CredentialsException($"reading auth file \"{path}\": {e.Message}", e);
        }

        return Find(json, path, reference);
    }

    internal static RegistryCredential? Find(string json, string path, ImageReference reference)
    {
        var auths = ReadAuths(json, path);
        foreach (var key in LookupKeys(reference))
        {
            if (auths.TryGetValue(key, out var entry))
            {
                return Decode(entry, path, key);
            }
        }

        var registry = NormalizeRegistry(reference.Domain);
        foreach (var (key, entry) in auths)
        {
            if (string.Equals(NormalizeKey(key), registry, StringComparison.Ordinal))
            {
                return Decode(entry, path, key);
            }
        }

        return null;
    }

    /// <summary><c>registry/a/b</c>, <c>registry/a</c>, <c>registry</c> for repository <c>registry/a/b</c>.</summary>
    internal static IEnumerable<string> LookupKeys(ImageReference reference)
    {
        var key = reference.Name;
        while (true)
        {
            yield return key;
            var slash = key.LastIndexOf('/');
            if (slash < 0)
            {
                yield break;
            }

            key = key[..slash];
        }
    }

    private static Dictionary<string, AuthEntry> ReadAuths(string json, string path)
    {
        var result = new Dictionary<string, AuthEntry>(StringComparer.Ordinal);
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new CredentialsException($"reading auth file \"{path}\": expected a JSON object");
            }

            if (!document.RootElement.TryGetProperty("auths", out var auths) || auths.ValueKind == JsonValueKind.Null)
            {
                return result;
            }

            if (auths.ValueKind != JsonValueKind.Object)
            {
                throw new CredentialsException($"reading auth file \"{path}\": \"auths\" must be an object");
            }

            foreach (var property in auths.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Object)
                {
                    throw new CredentialsException($"reading auth file \"{path}\": entry \"{property.Name}\" must be an object");
                }

                result.TryAdd(property.Name, new AuthEntry(GetString(property.Value, "auth"), GetString(property.Value, "identitytoken")));
            }
        }
        catch (JsonException e)
        {
            throw new CredentialsException($"reading auth file \"{path}\": invalid JSON: {e.Message}", e);
        }

        return result;
    }

    private static string? GetString(JsonElement entry, string name) =>
        entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static RegistryCredential? Decode(AuthEntry entry, string path, string key)
    {
        var source = $"{path} (\"{key}\")";
        var identityToken = string.IsNullOrEmpty(entry.IdentityToken) ? null : entry.IdentityToken;
        if (string.IsNullOrEmpty(entry.Auth))
        {
            // "{}" is what Docker writes for a credential-helper login: no credentials here.
            return identityToken is null ? null : RegistryCredential.WithIdentityToken("", identityToken, source);
        }

        if (!TryDecodeUserPassword(entry.Auth, out var username, out var password))
        {
            throw new CredentialsException($"reading auth file \"{path}\": \"auth\" of \"{key}\" is not valid base64");
        }

        if (username is null)
        {
            return identityToken is null ? null : RegistryCredential.WithIdentityToken("", identityToken, source);
        }

        return identityToken is null
            ? RegistryCredential.Basic(username, password!, source)
            : RegistryCredential.WithIdentityToken(username, identityToken, source);
    }

    /// <summary>Decodes base64("user:pass"); false on bad base64; a null username when there is no ':' (skipped, as Docker does).</summary>
    internal static bool TryDecodeUserPassword(string auth, out string? username, out string? password)
    {
        username = null;
        password = null;
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(auth.Trim());
        }
        catch (FormatException)
        {
            return false;
        }

        var decoded = Encoding.UTF8.GetString(bytes);
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            username = decoded[..colon];
            password = decoded[(colon + 1)..].Trim('\0');
        }

        return true;
    }

    private static string NormalizeKey(string key)
    {
        var stripped = key;
        if (stripped.StartsWith("http://", StringComparison.Ordinal))
        {
            stripped = stripped["http://".Length..];
        }
        else if (stripped.StartsWith("https://", StringComparison.Ordinal))
        {
            stripped = stripped["https://".Length..];
        }

        if (!ReferenceEquals(stripped, key))
        {
            var slash = stripped.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0)
            {
                stripped = stripped[..slash];
            }
        }

        return NormalizeRegistry(stripped);
    }

    private static string NormalizeRegistry(string registry) =>
        registry is ImageReference.DockerHubDomain or ImageReference.DockerHubEndpoint ? LegacyDockerHub : registry;

    private sealed record AuthEntry(string? Auth, string? IdentityToken);
}

using Crisp.Config;
using Crisp.Images.Credentials;
using Crisp.Images.Policy;
using Crisp.Images.Registries;

namespace Crisp.Images.Pull;

/// <summary>
/// What a pull consults besides the image name: registries.conf, the signature policy and the auth files,
/// as the daemon's configuration names them.
/// </summary>
public sealed record PullSettings(PullSourceResolver Resolver, SignaturePolicy Policy, CredentialResolver Credentials)
{
    /// <summary>Loads the files the configuration points at. Throws when one of them is missing or malformed.</summary>
    public static PullSettings From(CrispConfig config)
    {
        var resolver = ResolverFrom(config);
        var policy = SignaturePolicy.Load(string.IsNullOrEmpty(config.Image.SignaturePolicy) ? null : config.Image.SignaturePolicy);
        var credentials = CredentialResolver.CreateDefault(string.IsNullOrEmpty(config.Image.GlobalAuthFile) ? null : config.Image.GlobalAuthFile);
        return new PullSettings(resolver, policy, credentials);
    }

    /// <summary>How names resolve to registries: registries.conf plus crio.conf's insecure registries and short-name mode.</summary>
    public static PullSourceResolver ResolverFrom(CrispConfig config)
    {
        var registries = RegistriesConfig.Load(string.IsNullOrEmpty(config.RegistriesConf) ? null : config.RegistriesConf);
        ShortNameMode? mode = config.Image.ShortNameMode.ToLowerInvariant() switch
        {
            "enforcing" => ShortNameMode.Enforcing,
            "permissive" => ShortNameMode.Permissive,
            "disabled" => ShortNameMode.Disabled,
            _ => null,
        };
        return new PullSourceResolver(registries, config.Image.InsecureRegistries, mode);
    }
}

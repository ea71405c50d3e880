using Crisp.Images.References;

namespace Crisp.Images.Registries;

/// <summary>
/// An <c>[aliases]</c> entry: short name → fully-qualified repository (no tag, no digest).
/// A null <see cref="Value"/> (written as <c>""</c>) erases an alias set by an earlier file.
/// </summary>
internal sealed record ShortNameAlias(string Name, ImageReference? Value, string Origin)
{
    /// <summary>Validates and parses one <c>"name" = "value"</c> pair of <paramref name="origin"/>.</summary>
    public static ShortNameAlias Create(string name, string value, string origin)
    {
        ValidateName(name, origin);
        if (value.Length == 0)
        {
            return new ShortNameAlias(name, null, origin);
        }

        if (!ImageReference.TryParse(value, out var parsed, out var error))
        {
            throw new RegistriesConfigException($"{origin}: invalid alias value \"{value}\" for \"{name}\": {error}");
        }

        if (parsed.IsShortName)
        {
            throw new RegistriesConfigException($"{origin}: invalid alias \"{value}\" for \"{name}\": must contain registry and repository");
        }

        if (parsed.HasDigest)
        {
            throw new RegistriesConfigException($"{origin}: invalid alias \"{value}\" for \"{name}\": must not contain digest");
        }

        if (parsed.HasExplicitTag)
        {
            throw new RegistriesConfigException($"{origin}: invalid alias \"{value}\" for \"{name}\": must not contain tag");
        }

        return new ShortNameAlias(name, parsed, origin);
    }

    private static void ValidateName(string name, string origin)
    {
        if (!ImageReference.TryParse(name, out var parsed, out var error))
        {
            throw new RegistriesConfigException($"{origin}: cannot parse short name \"{name}\": {error}");
        }

        if (!parsed.IsShortName)
        {
            throw new RegistriesConfigException($"{origin}: invalid short name \"{name}\": must not contain registry");
        }

        if (parsed.HasDigest)
        {
            throw new RegistriesConfigException($"{origin}: invalid short name \"{name}\": must not contain digest");
        }

        if (parsed.HasExplicitTag)
        {
            throw new RegistriesConfigException($"{origin}: invalid short name \"{name}\": must not contain tag");
        }
    }
}

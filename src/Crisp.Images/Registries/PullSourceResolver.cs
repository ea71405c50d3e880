using Crisp.Images.References;

namespace Crisp.Images.Registries;

/// <summary>
/// Turns a requested image name into the ordered places to pull it from, applying registries.conf:
/// aliases, unqualified-search registries and short-name-mode, blocked registries, mirrors
/// (<c>mirror-by-digest-only</c>, <c>pull-from-mirror</c>), <c>location</c> rewrites and insecure flags.
/// </summary>
public sealed class PullSourceResolver
{
    private readonly RegistriesConfig _config;
    private readonly InsecureRegistryList _insecureRegistries;
    private readonly ShortNameMode? _shortNameModeOverride;

    /// <param name="config">The loaded registries.conf.</param>
    /// <param name="insecureRegistries">CRI-O's <c>insecure_registries</c>: host[:port] entries or CIDR networks.</param>
    /// <param name="shortNameModeOverride">crio.conf's <c>short_name_mode</c>, which wins over registries.conf when set.</param>
    public PullSourceResolver(RegistriesConfig config, IEnumerable<string>? insecureRegistries = null, ShortNameMode? shortNameModeOverride = null)
    {
        _config = config;
        _insecureRegistries = new InsecureRegistryList(insecureRegistries);
        _shortNameModeOverride = shortNameModeOverride;
    }

    /// <summary>Parses <paramref name="image"/> and resolves it; see <see cref="Resolve(ImageReference)"/>.</summary>
    /// <exception cref="ImageReferenceException">The name is not a valid image reference.</exception>
    public PullPlan Resolve(string image) => Resolve(ImageReference.Parse(image));

    /// <summary>Resolves <paramref name="requested"/> into candidates and their sources.</summary>
    /// <exception cref="PullResolutionException">Blocked, ambiguous in enforcing mode, or no way to qualify a short name.</exception>
    public PullPlan Resolve(ImageReference requested)
    {
        var (resolution, names, description) = Qualify(requested);
        var candidates = new List<PullCandidate>(names.Count);
        var blocked = new List<(ImageReference Name, string Prefix)>();
        foreach (var name in names)
        {
            var (sources, blockedBy) = SourcesFor(name);
            if (sources.Count > 0)
            {
                candidates.Add(new PullCandidate(name, sources));
            }
            else
            {
                blocked.Add((name, blockedBy!));
            }
        }

        if (candidates.Count == 0)
        {
            var registries = string.Join(", ", blocked.Select(b => $"\"{b.Prefix}\"").Distinct(StringComparer.Ordinal));
            var message = blocked.Count == 1
                ? $"pulling \"{blocked[0].Name}\": registry {registries} is blocked in {_config.SourceDescription}"
                : $"pulling \"{requested.Original}\": every candidate is blocked (registries {registries} are blocked in {_config.SourceDescription}): " +
                  string.Join(", ", blocked.Select(b => b.Name.ToString()));
            throw new PullResolutionException(PullResolutionFailure.Blocked, message, [.. blocked.Select(b => b.Name.ToString())]);
        }

        return new PullPlan(requested, resolution, candidates, description);
    }

    private (PullResolution Resolution, List<ImageReference> Names, string Description) Qualify(ImageReference requested)
    {
        if (requested.ShortName is not { } shortName)
        {
            return (PullResolution.FullyQualified, [requested], "");
        }

        if (_config.Aliases.TryGetValue(shortName, out var alias) && alias.Value is { } target)
        {
            var qualified = Reparse(
                target.Name + (requested.HasExplicitTag ? ":" + requested.Tag : "") + (requested.Digest is null ? "" : "@" + requested.Digest),
                $"applying alias \"{shortName}\" from {alias.Origin}");
            return (PullResolution.Alias, [qualified], $"Resolved \"{shortName}\" as an alias ({alias.Origin})");
        }

        var origin = _config.UnqualifiedSearchRegistriesOrigin ?? _config.SourceDescription;
        if (_config.UnqualifiedSearchRegistries.Count == 0)
        {
            throw new PullResolutionException(
                PullResolutionFailure.NoSearchRegistries,
                $"short-name \"{requested.Original}\" did not resolve to an alias and no unqualified-search registries are defined in {origin}");
        }

        var names = _config.UnqualifiedSearchRegistries
            .Select(r => Reparse($"{r}/{requested.Original}", $"completing \"{requested.Original}\" with unqualified-search registry \"{r}\""))
            .ToList();
        var mode = _shortNameModeOverride ?? _config.ShortNameMode;
        if (mode == ShortNameMode.Enforcing && names.Count > 1)
        {
            var list = string.Join(", ", names.Select(n => n.ToString()));
            throw new PullResolutionException(
                PullResolutionFailure.AmbiguousShortName,
                $"short-name \"{requested.Original}\" is ambiguous: short-name-mode is \"enforcing\" and it matches {names.Count} " +
                $"unqualified-search registries ({origin}), candidates: {list}; use a fully-qualified image name or define an alias in [aliases]",
                [.. names.Select(n => n.ToString())]);
        }

        return (PullResolution.SearchRegistries, names, $"Resolving \"{requested.Original}\" using unqualified-search registries ({origin})");
    }

    /// <summary>Sources for one fully-qualified candidate; empty with the blocking prefix when it is blocked.</summary>
    private (List<PullSource> Sources, string? BlockedBy) SourcesFor(ImageReference logical)
    {
        var pullRef = logical.ForPull();
        var text = pullRef.ToString();
        var entry = _config.FindRegistry(text);
        if (entry is null)
        {
            return ([Source(pullRef, _insecureRegistries.Matches(pullRef), false, logical)], null);
        }

        if (entry.Blocked)
        {
            return ([], entry.Prefix);
        }

        var sources = new List<PullSource>(entry.Mirrors.Count + 1);
        foreach (var mirror in entry.Mirrors.Where(m => UseMirror(entry, m, pullRef.HasDigest)))
        {
            var physical = Rewrite(text, entry.Prefix, mirror.Location, pullRef);
            if (_config.FindRegistry(physical.ToString()) is not { Blocked: true })
            {
                sources.Add(Source(physical, mirror.Insecure || _insecureRegistries.Matches(physical), true, logical));
            }
        }

        var primary = Rewrite(text, entry.Prefix, entry.Location, pullRef);
        if (_config.FindRegistry(primary.ToString()) is { Blocked: true } blockedTarget)
        {
            return sources.Count > 0 ? (sources, null) : ([], blockedTarget.Prefix);
        }

        sources.Add(Source(primary, entry.Insecure || _insecureRegistries.Matches(primary), false, logical));
        return (sources, null);
    }

    private static bool UseMirror(RegistryEntry entry, RegistryMirror mirror, bool hasDigest)
    {
        if (entry.MirrorByDigestOnly)
        {
            return hasDigest;
        }

        return mirror.PullFromMirror switch
        {
            MirrorPullPolicy.DigestOnly => hasDigest,
            MirrorPullPolicy.TagOnly => !hasDigest,
            _ => true,
        };
    }

    /// <summary>location + the part of the reference after the matched prefix; an empty location (wildcard prefix) keeps the reference.</summary>
    private static ImageReference Rewrite(string reference, string prefix, string location, ImageReference original)
    {
        if (location.Length == 0)
        {
            return original;
        }

        var matched = PrefixMatcher.Match(reference, prefix);
        var context = $"rewriting \"{reference}\" with prefix \"{prefix}\" to location \"{location}\"";
        var rewritten = Reparse(location + reference[matched..], context);
        return rewritten.IsShortName
            ? throw new PullResolutionException(PullResolutionFailure.InvalidReference, $"{context}: \"{rewritten.Original}\" does not start with a registry host")
            : rewritten;
    }

    private static ImageReference Reparse(string text, string context)
    {
        if (!ImageReference.TryParse(text, out var parsed, out var error))
        {
            throw new PullResolutionException(PullResolutionFailure.InvalidReference, $"{context}: \"{text}\" is not a valid image reference: {error}");
        }

        return parsed;
    }

    private static PullSource Source(ImageReference physical, bool insecure, bool isMirror, ImageReference logical) =>
        new(physical, physical.RegistryEndpoint, insecure, isMirror, logical);
}

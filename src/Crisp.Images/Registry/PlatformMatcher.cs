namespace Crisp.Images.Registry;

/// <summary>
/// Picks the manifest for a platform out of an index, as containerd and containers/image do: OS and architecture
/// must match (after normalising aliases such as <c>x86_64</c> and <c>aarch64</c>); the variant matches exactly,
/// with arm64's empty variant equal to <c>v8</c>, arm falling back to lower variants (v7 → v6 → v5), and a wanted
/// empty variant accepting any (an entry without a variant first). Among equal matches the first entry wins.
/// </summary>
internal static class PlatformMatcher
{
    private const int NoMatch = int.MaxValue;

    /// <summary>The index of the best entry for <paramref name="wanted"/>, or -1.</summary>
    public static int Select(IReadOnlyList<Platform?> candidates, Platform wanted)
    {
        var target = Normalize(wanted);
        var best = -1;
        var bestRank = NoMatch;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates[i] is not { } candidate)
            {
                continue;
            }

            var rank = Rank(Normalize(candidate), target);
            if (rank < bestRank)
            {
                best = i;
                bestRank = rank;
            }
        }

        return best;
    }

    /// <summary>Canonical GOOS/GOARCH/variant spelling: lower case, aliases mapped, default variants filled in.</summary>
    public static Platform Normalize(Platform platform)
    {
        var os = platform.Os.Trim().ToLowerInvariant();
        var arch = platform.Architecture.Trim().ToLowerInvariant();
        var variant = (platform.Variant ?? "").Trim().ToLowerInvariant();
        switch (arch)
        {
            case "i386":
                arch = "386";
                variant = "";
                break;
            case "x86_64" or "x86-64" or "amd64":
                arch = "amd64";
                break;
            case "aarch64" or "arm64":
                arch = "arm64";
                if (variant is "" or "8" or "v8" or "v8.0")
                {
                    variant = "v8";
                }

                break;
            case "armhf":
                arch = "arm";
                variant = "v7";
                break;
            case "armel":
                arch = "arm";
                variant = "v6";
                break;
            case "arm":
                variant = variant switch
                {
                    "" or "7" => "v7",
                    "5" or "6" or "8" => "v" + variant,
                    _ => variant,
                };
                break;
        }

        return new Platform(os, arch, variant.Length == 0 ? null : variant);
    }

    private static int Rank(Platform candidate, Platform target)
    {
        if (candidate.Os != target.Os || candidate.Architecture != target.Architecture)
        {
            return NoMatch;
        }

        if (candidate.Variant == target.Variant)
        {
            return 0;
        }

        if (target.Variant is null)
        {
            // containers/image: no wanted variant accepts any variant.
            return 100;
        }

        if (target.Architecture == "arm" && ArmLevel(target.Variant) is { } wantedLevel && ArmLevel(candidate.Variant) is { } level
            && level < wantedLevel)
        {
            return wantedLevel - level;
        }

        return NoMatch;
    }

    private static int? ArmLevel(string? variant) =>
        variant is ['v', >= '5' and <= '8'] ? variant[1] - '0' : null;
}

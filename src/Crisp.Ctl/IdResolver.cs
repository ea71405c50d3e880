using Runtime.V1;

namespace Crisp.Ctl;

/// <summary>
/// Resolves the short id prefixes crictl users type: an exact id wins, otherwise exactly one id must start with the
/// prefix. No match and several matches are operator errors with a one-line message.
/// </summary>
internal static class IdResolver
{
    public static string Pick(string kind, string prefix, IEnumerable<string> ids)
    {
        if (prefix.Length == 0)
        {
            throw new CtlException($"{kind} ID cannot be empty");
        }

        var all = ids.Distinct(StringComparer.Ordinal).ToList();
        if (all.Contains(prefix, StringComparer.Ordinal))
        {
            return prefix;
        }

        var matches = all.Where(id => id.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new CtlException($"no {kind} with ID starting with \"{prefix}\""),
            _ => throw new CtlException($"ambiguous {kind} ID prefix \"{prefix}\": it matches {matches.Count} {kind}s ({string.Join(", ", matches.Take(5).Select(m => m[..Math.Min(m.Length, 13)]))})"),
        };
    }

    public static async Task<string> ContainerAsync(CtlContext ctx, string prefix)
    {
        var list = await ctx.Runtime.ListContainersAsync(new ListContainersRequest(), deadline: ctx.Deadline);
        return Pick("container", prefix, list.Containers.Select(c => c.Id));
    }

    public static async Task<string> PodAsync(CtlContext ctx, string prefix)
    {
        var list = await ctx.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest(), deadline: ctx.Deadline);
        return Pick("pod sandbox", prefix, list.Items.Select(p => p.Id));
    }

    /// <summary>An image by reference (what ImageStatus resolves) or by an id prefix (with or without <c>sha256:</c>).</summary>
    public static async Task<Image> ImageAsync(CtlContext ctx, string nameOrId)
    {
        var status = await ctx.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = nameOrId } }, deadline: ctx.Deadline);
        if (status.Image is not null)
        {
            return status.Image;
        }

        var images = (await ctx.Images.ListImagesAsync(new ListImagesRequest(), deadline: ctx.Deadline)).Images;
        var bare = nameOrId.StartsWith("sha256:", StringComparison.Ordinal) ? nameOrId["sha256:".Length..] : nameOrId;
        var candidates = images.Where(i => Bare(i.Id).StartsWith(bare, StringComparison.Ordinal)).ToList();
        if (candidates.Count == 0 || bare.Length == 0)
        {
            throw new CtlException($"no such image \"{nameOrId}\" present");
        }

        var id = Pick("image", bare, candidates.Select(i => Bare(i.Id)));
        return candidates.First(i => Bare(i.Id) == id);
    }

    private static string Bare(string id) => id.StartsWith("sha256:", StringComparison.Ordinal) ? id["sha256:".Length..] : id;
}

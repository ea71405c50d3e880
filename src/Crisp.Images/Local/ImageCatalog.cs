using Crisp.Images.References;
using Crisp.Images.Registries;
using Crisp.Storage;
using Crisp.Storage.Images;

namespace Crisp.Images.Local;

/// <summary>
/// The images on this node, as the CRI asks about them: found by full name, short name, ID or ID prefix;
/// removed by name (untag) or ID (delete, with the layers no other image uses).
/// </summary>
public sealed class ImageCatalog(ImageStore images, LayerStore layers, Func<PullSourceResolver?> resolver)
{
    private readonly Lock _removing = new();

    public ImageStore Images => images;

    public IReadOnlyList<StoredImage> List() => images.List();

    /// <summary>Bytes and inodes the images' layers take, and the directory reported as the image filesystem.</summary>
    public ImageFsUsage Usage()
    {
        long bytes = 0, inodes = 0;
        foreach (var layer in layers.List())
        {
            bytes += layer.ContentSize;
            inodes += layer.Inodes;
        }

        return new ImageFsUsage(images.Directory, bytes, inodes);
    }

    /// <summary>
    /// The image <paramref name="nameOrId"/> refers to, or null. Short names are looked up under every
    /// registry a pull would try, as CRI-O does. An ID prefix that matches several images is an error.
    /// </summary>
    public StoredImage? Find(string nameOrId)
    {
        if (string.IsNullOrWhiteSpace(nameOrId))
        {
            return null;
        }

        if (images.Get(nameOrId) is { } byId)
        {
            return byId;
        }

        foreach (var name in CandidateNames(nameOrId))
        {
            if (images.FindByName(name) is { } byName)
            {
                return byName;
            }
        }

        var byPrefix = images.FindByIdPrefix(nameOrId);
        return byPrefix.Count switch
        {
            0 => null,
            1 => byPrefix[0],
            _ => throw new AmbiguousImageException($"image ID prefix {nameOrId} matches {byPrefix.Count} images"),
        };
    }

    /// <summary>
    /// Removes what <paramref name="nameOrId"/> names. A tag of an image that has other tags only loses
    /// that tag (as CRI-O untags); otherwise the image and the layers no other image uses go. Returns false when nothing matched.
    /// Throws <see cref="ImageInUseException"/> when <paramref name="isInUse"/> says a container uses it.
    /// </summary>
    public bool Remove(string nameOrId, Func<string, bool> isInUse)
    {
        lock (_removing)
        {
            var image = Find(nameOrId);
            if (image is null)
            {
                return false;
            }

            var tag = CandidateNames(nameOrId).FirstOrDefault(image.RepoTags.Contains);
            if (tag is not null && image.RepoTags.Count > 1)
            {
                images.RemoveName(tag);
                return true;
            }

            if (isInUse(image.Id))
            {
                throw new ImageInUseException($"image {nameOrId} ({image.Id}) is in use by a container");
            }

            images.Remove(image.Id);
            ReleaseLayers(image);
            return true;
        }
    }

    private void ReleaseLayers(StoredImage removed)
    {
        var stillUsed = images.List().SelectMany(i => i.Layers).ToHashSet(StringComparer.Ordinal);
        for (var i = removed.Layers.Count - 1; i >= 0; i--)
        {
            var chainId = removed.Layers[i];
            if (stillUsed.Contains(chainId))
            {
                break;
            }

            try
            {
                layers.Remove(chainId);
            }
            catch (LayerInUseException)
            {
                break;
            }
            catch (LayerNotFoundException)
            {
                // Already gone: nothing to release.
            }
        }
    }

    /// <summary>The fully qualified names a user's name can mean: itself normalised, or each search registry for a short name.</summary>
    private IEnumerable<string> CandidateNames(string name)
    {
        if (!ImageReference.TryParse(name, out var reference, out _))
        {
            yield break;
        }

        yield return Canonical(reference);
        if (!reference.IsShortName || resolver() is not { } pullResolver)
        {
            yield break;
        }

        IReadOnlyList<PullCandidate> candidates;
        try
        {
            candidates = pullResolver.Resolve(reference).Candidates;
        }
        catch (PullResolutionException)
        {
            yield break;
        }

        foreach (var candidate in candidates)
        {
            yield return Canonical(candidate.Reference);
        }
    }

    private static string Canonical(ImageReference reference) =>
        reference.HasDigest ? reference.Name + "@" + reference.Digest : reference.Name + ":" + (reference.Tag ?? ImageReference.DefaultTag);
}

using Crisp.Linux;
using Crisp.Storage.Metadata;

namespace Crisp.Storage.Images;

/// <summary>
/// Images by ID, with the names and digests that point at them, on disk as:
/// <code>
/// ROOT/overlay-images/images.json      the index (atomically replaced)
/// ROOT/overlay-images/HEX/config.json  the image's OCI config blob, byte for byte
/// ROOT/overlay-images/HEX/manifest     the manifest it was pulled with
/// </code>
/// A name (tag or digest reference) points at one image at most: adding it to an image moves it from any other.
/// </summary>
public sealed class ImageStore
{
    private const string DirectoryName = "overlay-images";
    private const string ConfigFileName = "config.json";
    private const string ManifestFileName = "manifest";

    private readonly Lock _gate = new();
    private readonly string _directory;
    private readonly string _indexPath;
    private readonly Dictionary<string, StoredImage> _images = new(StringComparer.Ordinal);

    private ImageStore(string root)
    {
        _directory = Path.Combine(root, DirectoryName);
        _indexPath = Path.Combine(_directory, "images.json");
    }

    /// <summary>The directory the store keeps its files in (reported by ImageFsInfo).</summary>
    public string Directory => _directory;

    /// <summary>Opens the store under the storage root, dropping entries whose files are gone.</summary>
    public static ImageStore Open(string root)
    {
        var store = new ImageStore(Path.GetFullPath(root));
        System.IO.Directory.CreateDirectory(store._directory);
        foreach (var image in ImageIndexFile.Load(store._indexPath))
        {
            if (File.Exists(store.ConfigPath(image.Id)))
            {
                store._images[image.Id] = image;
            }
        }

        return store;
    }

    public IReadOnlyList<StoredImage> List()
    {
        lock (_gate)
        {
            return [.. _images.Values.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id, StringComparer.Ordinal)];
        }
    }

    public StoredImage? Get(string id)
    {
        lock (_gate)
        {
            return _images.GetValueOrDefault(id);
        }
    }

    /// <summary>The image a fully qualified tag or digest reference points at.</summary>
    public StoredImage? FindByName(string name)
    {
        lock (_gate)
        {
            return _images.Values.FirstOrDefault(i => i.RepoTags.Contains(name) || i.RepoDigests.Contains(name));
        }
    }

    /// <summary>Images whose ID starts with <paramref name="prefix"/> (hex, optionally after <c>sha256:</c>).</summary>
    public IReadOnlyList<StoredImage> FindByIdPrefix(string prefix)
    {
        if (prefix.StartsWith("sha256:", StringComparison.Ordinal))
        {
            prefix = prefix["sha256:".Length..];
        }

        if (prefix.Length == 0 || !prefix.All(char.IsAsciiHexDigitLower))
        {
            return [];
        }

        lock (_gate)
        {
            return [.. _images.Values.Where(i => i.Id.StartsWith(prefix, StringComparison.Ordinal))];
        }
    }

    /// <summary>The image's config blob as pulled.</summary>
    public byte[] ReadConfig(string id) => File.ReadAllBytes(ConfigPath(id));

    /// <summary>
    /// Records an image (or merges names into an existing one with the same ID). Names given here are
    /// taken away from any other image that had them. Returns the stored record.
    /// </summary>
    public StoredImage Add(StoredImage image, ReadOnlySpan<byte> config, ReadOnlySpan<byte> manifest)
    {
        lock (_gate)
        {
            var directory = Path.Combine(_directory, image.Id);
            System.IO.Directory.CreateDirectory(directory);
            if (!File.Exists(ConfigPath(image.Id)))
            {
                AtomicFile.Write(Path.Combine(directory, ManifestFileName), manifest);
                AtomicFile.Write(ConfigPath(image.Id), config);
            }

            var merged = _images.TryGetValue(image.Id, out var existing)
                ? existing with
                {
                    RepoTags = [.. existing.RepoTags.Union(image.RepoTags, StringComparer.Ordinal)],
                    RepoDigests = [.. existing.RepoDigests.Union(image.RepoDigests, StringComparer.Ordinal)],
                }
                : image;
            foreach (var other in _images.Values.Where(i => i.Id != image.Id).ToList())
            {
                var tags = other.RepoTags.Except(image.RepoTags, StringComparer.Ordinal).ToList();
                var digests = other.RepoDigests.Except(image.RepoDigests, StringComparer.Ordinal).ToList();
                if (tags.Count != other.RepoTags.Count || digests.Count != other.RepoDigests.Count)
                {
                    _images[other.Id] = other with { RepoTags = tags, RepoDigests = digests };
                }
            }

            _images[image.Id] = merged;
            Save();
            return merged;
        }
    }

    /// <summary>Removes one name from the image that has it; returns the image as it is afterwards, or null.</summary>
    public StoredImage? RemoveName(string name)
    {
        lock (_gate)
        {
            var image = _images.Values.FirstOrDefault(i => i.RepoTags.Contains(name) || i.RepoDigests.Contains(name));
            if (image is null)
            {
                return null;
            }

            var updated = image with
            {
                RepoTags = [.. image.RepoTags.Where(n => n != name)],
                RepoDigests = [.. image.RepoDigests.Where(n => n != name)],
            };
            _images[image.Id] = updated;
            Save();
            return updated;
        }
    }

    /// <summary>Forgets an image and deletes its files; its layers are the caller's to release. False if unknown.</summary>
    public bool Remove(string id)
    {
        lock (_gate)
        {
            if (!_images.Remove(id))
            {
                return false;
            }

            Save();
            var directory = Path.Combine(_directory, id);
            if (System.IO.Directory.Exists(directory))
            {
                System.IO.Directory.Delete(directory, recursive: true);
            }

            return true;
        }
    }

    private string ConfigPath(string id) => Path.Combine(_directory, id, ConfigFileName);

    private void Save() => ImageIndexFile.Save(_indexPath, _images.Values);
}

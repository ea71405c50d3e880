using System.Text.Json;
using Crisp.Images.Local;
using Crisp.Storage.Images;
using Grpc.Core;
using Runtime.V1;

namespace Crisp.Cri.Images;

public sealed partial class CriImageService
{
    private StoredImage? FindOrNone(string name)
    {
        try
        {
            return _catalog.Find(name);
        }
        catch (AmbiguousImageException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
    }

    /// <summary>The CRI view of a stored image: ID as CRI-O reports it (hex), names, size, user, pinning.</summary>
    private Image ToCri(StoredImage image)
    {
        var cri = new Image
        {
            Id = image.Id,
            Size = (ulong)image.Size,
            Spec = new ImageSpec { Image = image.Id },
            Pinned = IsPinned(image),
        };
        cri.RepoTags.AddRange(image.RepoTags);
        cri.RepoDigests.AddRange(image.RepoDigests);

        var user = ConfigUser(image);
        var uidPart = user.Split(':')[0];
        if (long.TryParse(uidPart, out var uid))
        {
            cri.Uid = new Int64Value { Value = uid };
        }
        else if (uidPart.Length > 0)
        {
            cri.Username = uidPart;
        }

        return cri;
    }

    private bool IsPinned(StoredImage image)
    {
        var pinned = _config.Current.Image.PinnedImages;
        return pinned.Count > 0 && image.RepoTags.Concat(image.RepoDigests).Any(name => pinned.Any(p => PinMatches(p, name)));
    }

    /// <summary>pinned_images entries are exact names, or prefixes ending in '*'.</summary>
    private static bool PinMatches(string pattern, string name) =>
        pattern.EndsWith('*') ? name.StartsWith(pattern[..^1], StringComparison.Ordinal) : pattern == name;

    private string ConfigUser(StoredImage image)
    {
        try
        {
            using var config = JsonDocument.Parse(_catalog.Images.ReadConfig(image.Id));
            return config.RootElement.TryGetProperty("config", out var c)
                && c.ValueKind == JsonValueKind.Object
                && c.TryGetProperty("User", out var user)
                && user.ValueKind == JsonValueKind.String
                ? user.GetString() ?? ""
                : "";
        }
        catch (Exception e) when (e is IOException or JsonException)
        {
            return "";
        }
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Crisp.Images.Registry;

namespace Crisp.Images.Tests.Registry;

/// <summary>A blob with its descriptor.</summary>
public sealed record TestBlob(byte[] Data, Descriptor Descriptor)
{
    public static TestBlob Create(byte[] data, string mediaType) => new(data, new Descriptor(mediaType, Digest(data), data.Length));

    public static TestBlob Random(int size, string mediaType = MediaTypes.DockerLayerGzip) => Create(RandomNumberGenerator.GetBytes(size), mediaType);

    public static string Digest(byte[] data) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(data));
}

/// <summary>An image: config, layers and the manifest that lists them (content need not be real tar data).</summary>
public sealed record TestImage(TestBlob Config, IReadOnlyList<TestBlob> Layers, byte[] Manifest, string MediaType, string Digest, Platform Platform)
{
    public IEnumerable<TestBlob> Blobs => Layers.Prepend(Config);

    /// <summary>Builds an image for <paramref name="platform"/> with random layers.</summary>
    public static TestImage Create(Platform? platform = null, bool oci = false, int layers = 2, int layerSize = 40_000, string? layerMediaType = null)
    {
        platform ??= new Platform("linux", "amd64");
        var layerType = layerMediaType ?? (oci ? MediaTypes.OciLayerGzip : MediaTypes.DockerLayerGzip);
        var blobs = Enumerable.Range(0, layers).Select(_ => TestBlob.Random(layerSize, layerType)).ToList();
        var config = new JsonObject
        {
            ["architecture"] = platform.Architecture,
            ["os"] = platform.Os,
            ["rootfs"] = new JsonObject
            {
                ["type"] = "layers",
                ["diff_ids"] = new JsonArray(blobs.Select(b => (JsonNode)TestBlob.Digest(RandomNumberGenerator.GetBytes(8))).ToArray()),
            },
        };
        if (platform.Variant is not null)
        {
            config["variant"] = platform.Variant;
        }

        var configBlob = TestBlob.Create(Encoding.UTF8.GetBytes(config.ToJsonString()), oci ? MediaTypes.OciConfig : MediaTypes.DockerConfig);
        var mediaType = oci ? MediaTypes.OciManifest : MediaTypes.DockerManifest;
        var manifest = ManifestJson(mediaType, configBlob.Descriptor, blobs.Select(b => b.Descriptor));
        return new TestImage(configBlob, blobs, manifest, mediaType, TestBlob.Digest(manifest), platform);
    }

    public static byte[] ManifestJson(string mediaType, Descriptor config, IEnumerable<Descriptor> layers, bool includeMediaType = true)
    {
        var manifest = new JsonObject { ["schemaVersion"] = 2 };
        if (includeMediaType)
        {
            manifest["mediaType"] = mediaType;
        }

        manifest["config"] = DescriptorJson(config);
        manifest["layers"] = new JsonArray(layers.Select(l => (JsonNode)DescriptorJson(l)).ToArray());
        return Encoding.UTF8.GetBytes(manifest.ToJsonString());
    }

    /// <summary>An OCI index or Docker manifest list of <paramref name="images"/> (each with its platform).</summary>
    public static byte[] IndexJson(string mediaType, IEnumerable<TestImage> images) =>
        IndexJson(mediaType, images.Select(i => (new Descriptor(i.MediaType, i.Digest, i.Manifest.Length), (Platform?)i.Platform)));

    public static byte[] IndexJson(string mediaType, IEnumerable<(Descriptor Descriptor, Platform? Platform)> entries)
    {
        var list = new JsonArray();
        foreach (var (descriptor, platform) in entries)
        {
            var entry = DescriptorJson(descriptor);
            if (platform is not null)
            {
                var p = new JsonObject { ["architecture"] = platform.Architecture, ["os"] = platform.Os };
                if (platform.Variant is not null)
                {
                    p["variant"] = platform.Variant;
                }

                entry["platform"] = p;
            }

            list.Add(entry);
        }

        return Encoding.UTF8.GetBytes(new JsonObject { ["schemaVersion"] = 2, ["mediaType"] = mediaType, ["manifests"] = list }.ToJsonString());
    }

    private static JsonObject DescriptorJson(Descriptor descriptor)
    {
        var json = new JsonObject { ["mediaType"] = descriptor.MediaType, ["digest"] = descriptor.Digest, ["size"] = descriptor.Size };
        if (descriptor.Urls is { } urls)
        {
            json["urls"] = new JsonArray(urls.Select(u => (JsonNode)u).ToArray());
        }

        return json;
    }
}

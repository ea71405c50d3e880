using System.Text;
using Crisp.Images.Registry;
using Shouldly;

namespace Crisp.Images.Tests.Registry;

public sealed class ManifestParserTests
{
    private const string DigestA = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    private static string ManifestWithout(string? mediaType) =>
        "{\"schemaVersion\":2," + (mediaType is null ? "" : $"\"mediaType\":\"{mediaType}\",")
        + $"\"config\":{{\"mediaType\":\"{MediaTypes.OciConfig}\",\"digest\":\"{DigestA}\",\"size\":2}},"
        + $"\"layers\":[{{\"mediaType\":\"{MediaTypes.OciLayerZstd}\",\"digest\":\"{DigestA}\",\"size\":7,\"urls\":[\"https://x/y\"],\"annotations\":{{\"k\":\"v\"}}}}]}}";

    private static ParsedManifest Parse(string json, string? contentType) => ManifestParser.Parse(Encoding.UTF8.GetBytes(json), contentType, "r/x:1");

    [Theory]
    [InlineData(MediaTypes.DockerManifest, null, MediaTypes.DockerManifest)]
    [InlineData(null, MediaTypes.DockerManifest, MediaTypes.DockerManifest)]
    [InlineData(null, "application/json", MediaTypes.OciManifest)]
    [InlineData(null, null, MediaTypes.OciManifest)]
    [InlineData(MediaTypes.OciManifest, "application/octet-stream", MediaTypes.OciManifest)]
    public void Parse_MediaType_FromDocumentThenHeaderThenShape(string? inDocument, string? header, string expected)
    {
        var manifest = Parse(ManifestWithout(inDocument), header);

        manifest.MediaType.ShouldBe(expected);
        manifest.IsIndex.ShouldBeFalse();
        manifest.Config!.Digest.ShouldBe(DigestA);
        var layer = manifest.Layers.ShouldHaveSingleItem();
        layer.Size.ShouldBe(7);
        layer.Urls.ShouldBe(["https://x/y"]);
        layer.Annotations!["k"].ShouldBe("v");
    }

    [Fact]
    public void Parse_IndexWithoutMediaType_IsAnIndexByShape()
    {
        var index = Parse(
            $"{{\"schemaVersion\":2,\"manifests\":[{{\"mediaType\":\"{MediaTypes.OciManifest}\",\"digest\":\"{DigestA}\",\"size\":3,\"platform\":{{\"os\":\"linux\",\"architecture\":\"arm\",\"variant\":\"v7\"}}}},"
            + $"{{\"mediaType\":\"{MediaTypes.OciManifest}\",\"digest\":\"{DigestA}\",\"size\":3}}]}}",
            contentType: null);

        index.IsIndex.ShouldBeTrue();
        index.Manifests.Select(m => m.Platform?.ToString()).ShouldBe(["linux/arm/v7", null]);
    }

    [Theory]
    [InlineData("{\"schemaVersion\":1,\"name\":\"x\"}", null, "schema 1")]
    [InlineData("{\"schemaVersion\":2}", MediaTypes.DockerSchema1SignedManifest, "schema 1")]
    [InlineData("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.artifact.manifest.v1+json\"}", null, "unsupported manifest media type")]
    [InlineData("{\"schemaVersion\":2}", "application/vnd.example+json", "unsupported manifest media type")]
    [InlineData("{\"schemaVersion\":2}", null, "neither an image manifest nor an index")]
    [InlineData("not json", null, "invalid manifest")]
    [InlineData("null", null, "invalid manifest")]
    [InlineData("{\"schemaVersion\":3,\"manifests\":[]}", null, "schemaVersion is 3")]
    [InlineData("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a\",\"digest\":\"sha256:../../etc\",\"size\":1}}", null, "invalid or unsupported digest")]
    [InlineData("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a\",\"digest\":\"md5:abc\",\"size\":1}}", null, "invalid or unsupported digest")]
    [InlineData("{\"schemaVersion\":2,\"config\":{\"mediaType\":\"a\",\"digest\":\"sha256:aaaa\",\"size\":-1}}", null, "invalid or unsupported digest")]
    public void Parse_Unusable_FailsClearly(string json, string? contentType, string message)
    {
        var error = Should.Throw<RegistryException>(() => Parse(json, contentType));

        error.Message.ShouldContain(message);
        error.Message.ShouldContain("r/x:1");
        error.ErrorCode.ShouldBe(RegistryErrorCodes.Unsupported);
    }

    [Fact]
    public void MediaTypes_LayerCompression_CoversSupportedTypes()
    {
        MediaTypes.GetLayerCompression(MediaTypes.OciLayer).ShouldBe(LayerCompression.None);
        MediaTypes.GetLayerCompression(MediaTypes.OciLayerGzip).ShouldBe(LayerCompression.Gzip);
        MediaTypes.GetLayerCompression(MediaTypes.OciLayerZstd).ShouldBe(LayerCompression.Zstd);
        MediaTypes.GetLayerCompression(MediaTypes.DockerLayerGzip).ShouldBe(LayerCompression.Gzip);
        MediaTypes.GetLayerCompression(MediaTypes.DockerForeignLayerGzip).ShouldBe(LayerCompression.Gzip);
        MediaTypes.GetLayerCompression(MediaTypes.OciForeignLayerZstd).ShouldBe(LayerCompression.Zstd);
        MediaTypes.GetLayerCompression("application/vnd.example").ShouldBeNull();
        MediaTypes.IsForeignLayer(MediaTypes.OciForeignLayer).ShouldBeTrue();
    }
}

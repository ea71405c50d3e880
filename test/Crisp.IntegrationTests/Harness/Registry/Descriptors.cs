using System.Text;

namespace Crisp.IntegrationTests.Harness.Registry;

/// <summary>An OS/architecture pair as in an image index entry and an image config.</summary>
public sealed record OciPlatform(string Architecture, string Os = "linux", string? Variant = null)
{
    public static readonly OciPlatform LinuxAmd64 = new("amd64");
    public static readonly OciPlatform LinuxArm64V8 = new("arm64", "linux", "v8");
    public static readonly OciPlatform LinuxArmV7 = new("arm", "linux", "v7");

    /// <summary>The platform of this machine, which is the platform of its /bin/busybox.</summary>
    public static OciPlatform Host { get; } = System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => LinuxAmd64,
        System.Runtime.InteropServices.Architecture.Arm64 => LinuxArm64V8,
        System.Runtime.InteropServices.Architecture.Arm => LinuxArmV7,
        var other => new OciPlatform(other.ToString().ToLowerInvariant()),
    };

    public override string ToString() => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}

/// <summary>A content descriptor: what a manifest or index says about a blob or a manifest.</summary>
public sealed record Descriptor(string MediaType, string Digest, long Size)
{
    /// <summary>Set on index entries.</summary>
    public OciPlatform? Platform { get; init; }
}

/// <summary>Bytes with a media type and their sha256 digest: a blob, a config or a manifest.</summary>
public sealed class ContentBlob
{
    public ContentBlob(string mediaType, ReadOnlyMemory<byte> content)
    {
        MediaType = mediaType;
        Content = content;
        Digest = Digests.Sha256(content.Span);
    }

    public string MediaType { get; }

    public ReadOnlyMemory<byte> Content { get; }

    public string Digest { get; }

    public long Size => Content.Length;

    public Descriptor Descriptor => new(MediaType, Digest, Size);

    /// <summary>The content as UTF-8 text (manifests and configs are JSON).</summary>
    public string Text => Encoding.UTF8.GetString(Content.Span);

    public override string ToString() => $"{MediaType} {Digest} ({Size} bytes)";
}

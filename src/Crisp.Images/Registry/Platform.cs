using System.Runtime.InteropServices;

namespace Crisp.Images.Registry;

/// <summary>An OS and CPU an image is built for, with GOOS/GOARCH names as in the OCI image index.</summary>
/// <param name="Os">e.g. <c>linux</c>.</param>
/// <param name="Architecture">e.g. <c>amd64</c>, <c>arm64</c>, <c>arm</c>.</param>
/// <param name="Variant">CPU variant, e.g. <c>v8</c> for arm64, <c>v7</c> for arm; null when the architecture has none.</param>
public sealed record Platform(string Os, string Architecture, string? Variant = null)
{
    /// <summary>The platform of this machine: linux and the process architecture (arm64 is <c>v8</c>, arm is <c>v7</c> or <c>v6</c>).</summary>
    public static Platform Host { get; } = ForArchitecture(RuntimeInformation.OSArchitecture);

    /// <summary><c>os/arch[/variant]</c>, as in <c>linux/arm64/v8</c>.</summary>
    public override string ToString() => Os + "/" + Architecture + (string.IsNullOrEmpty(Variant) ? "" : "/" + Variant);

    internal static Platform ForArchitecture(Architecture architecture) => architecture switch
    {
        System.Runtime.InteropServices.Architecture.X64 => new("linux", "amd64"),
        System.Runtime.InteropServices.Architecture.X86 => new("linux", "386"),
        System.Runtime.InteropServices.Architecture.Arm64 => new("linux", "arm64", "v8"),
        System.Runtime.InteropServices.Architecture.Arm => new("linux", "arm", "v7"),
        System.Runtime.InteropServices.Architecture.Armv6 => new("linux", "arm", "v6"),
        System.Runtime.InteropServices.Architecture.Ppc64le => new("linux", "ppc64le"),
        System.Runtime.InteropServices.Architecture.S390x => new("linux", "s390x"),
        System.Runtime.InteropServices.Architecture.RiscV64 => new("linux", "riscv64"),
        System.Runtime.InteropServices.Architecture.LoongArch64 => new("linux", "loong64"),
        _ => new("linux", architecture.ToString().ToLowerInvariant()),
    };
}

using System.Runtime.InteropServices;

namespace Crisp.Oci.Spec.Seccomp;

/// <summary>Architecture names: libseccomp's native names (used by profile conditions) and SCMP_ARCH_* values.</summary>
internal static class SeccompArchitectures
{
    private static readonly Dictionary<string, string> _nativeToScmp = new(StringComparer.Ordinal)
    {
        ["amd64"] = "SCMP_ARCH_X86_64",
        ["x86"] = "SCMP_ARCH_X86",
        ["x32"] = "SCMP_ARCH_X32",
        ["arm64"] = "SCMP_ARCH_AARCH64",
        ["arm"] = "SCMP_ARCH_ARM",
        ["ppc64le"] = "SCMP_ARCH_PPC64LE",
        ["s390x"] = "SCMP_ARCH_S390X",
        ["riscv64"] = "SCMP_ARCH_RISCV64",
        ["loongarch64"] = "SCMP_ARCH_LOONGARCH64",
    };

    /// <summary>The architecture this process runs on.</summary>
    public static string Native => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.X86 => "x86",
        Architecture.Arm64 => "arm64",
        Architecture.Arm => "arm",
        Architecture.Ppc64le => "ppc64le",
        Architecture.S390x => "s390x",
        Architecture.RiscV64 => "riscv64",
        Architecture.LoongArch64 => "loongarch64",
        _ => RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
    };

    /// <summary>SCMP_ARCH_X86_64 for "amd64"; null for names libseccomp does not know.</summary>
    public static string? ToScmp(string native) => _nativeToScmp.GetValueOrDefault(native);
}

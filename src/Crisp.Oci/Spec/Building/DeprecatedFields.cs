using Runtime.V1;

namespace Crisp.Oci.Spec.Building;

/// <summary>The deprecated string forms of the security profiles, which older kubelets still send.</summary>
internal static class DeprecatedFields
{
#pragma warning disable CS0612 // Deprecated in the CRI, read only as a fallback for the structured fields.
    public static string? SeccompProfilePath(LinuxContainerSecurityContext? context) => context?.SeccompProfilePath;

    public static string? SeccompProfilePath(LinuxSandboxSecurityContext? context) => context?.SeccompProfilePath;

    public static string? ApparmorProfile(LinuxContainerSecurityContext? context) => context?.ApparmorProfile;
#pragma warning restore CS0612
}

using Crisp.Oci.Spec.Model;
using Crisp.Oci.Spec.Seccomp;
using Runtime.V1;
using RuntimeConfig = Crisp.Config.RuntimeConfig;

namespace Crisp.Oci.Spec.Building;

/// <summary>Seccomp and AppArmor profiles from the CRI security profiles (or their deprecated string forms).</summary>
internal static class SecurityProfiles
{
    public const string RuntimeDefaultRef = "RuntimeDefault";
    public const string UnconfinedRef = "Unconfined";
    private const string LocalhostPrefix = "localhost/";

    /// <summary>The seccomp filter (null = unconfined) and what it came from (for the annotation).</summary>
    public static (LinuxSeccomp? Filter, string Reference) Seccomp(
        SecurityProfile? profile,
        string? deprecatedPath,
        bool privileged,
        RuntimeConfig runtime,
        IReadOnlyCollection<string> boundingCapabilities,
        SpecHostFacts host)
    {
        if (privileged)
        {
            return (null, UnconfinedRef);
        }

        profile ??= FromDeprecatedSeccomp(deprecatedPath ?? "", runtime.SeccompUseDefaultWhenEmpty);
        switch (profile.ProfileType)
        {
            case SecurityProfile.Types.ProfileType.Unconfined:
                return (null, UnconfinedRef);
            case SecurityProfile.Types.ProfileType.RuntimeDefault:
                var defaults = runtime.SeccompProfile.Length > 0 ? SeccompProfileLoader.Load(runtime.SeccompProfile) : DefaultSeccompProfile.Profile;
                return (SeccompProfileCompiler.Compile(defaults, boundingCapabilities, host.Architecture, host.KernelVersion), RuntimeDefaultRef);
            case SecurityProfile.Types.ProfileType.Localhost:
                var path = profile.LocalhostRef.StartsWith(LocalhostPrefix, StringComparison.Ordinal)
                    ? profile.LocalhostRef[LocalhostPrefix.Length..]
                    : profile.LocalhostRef;
                if (path.Length == 0)
                {
                    throw new ContainerSpecException("seccomp profile type Localhost needs a localhost_ref");
                }

                var loaded = SeccompProfileLoader.Load(path);
                return (SeccompProfileCompiler.Compile(loaded, boundingCapabilities, host.Architecture, host.KernelVersion), path);
            default:
                throw new ContainerSpecException($"unknown seccomp profile type {profile.ProfileType}");
        }
    }

    /// <summary>The AppArmor profile name, or null when AppArmor is off or the container is privileged.</summary>
    public static string? AppArmor(SecurityProfile? profile, string? deprecatedName, bool privileged, RuntimeConfig runtime, SpecHostFacts host)
    {
        if (!host.AppArmorEnabled || privileged)
        {
            return null;
        }

        var defaultProfile = runtime.ApparmorProfile.Length == 0 ? "crisp-default" : runtime.ApparmorProfile;
        if (profile is null)
        {
            return (deprecatedName ?? "") switch
            {
                "" or "runtime/default" => defaultProfile,
                var name when name.Equals("unconfined", StringComparison.OrdinalIgnoreCase) => "unconfined",
                var name => NonEmpty(name.StartsWith(LocalhostPrefix, StringComparison.Ordinal) ? name[LocalhostPrefix.Length..] : name),
            };
        }

        return profile.ProfileType switch
        {
            SecurityProfile.Types.ProfileType.RuntimeDefault => defaultProfile,
            SecurityProfile.Types.ProfileType.Unconfined => "unconfined",
            SecurityProfile.Types.ProfileType.Localhost => NonEmpty(profile.LocalhostRef.StartsWith(LocalhostPrefix, StringComparison.Ordinal)
                ? profile.LocalhostRef[LocalhostPrefix.Length..]
                : profile.LocalhostRef),
            _ => throw new ContainerSpecException($"unknown AppArmor profile type {profile.ProfileType}"),
        };
    }

    private static string NonEmpty(string name) =>
        name.Length > 0 ? name : throw new ContainerSpecException("empty localhost AppArmor profile is forbidden");

    private static SecurityProfile FromDeprecatedSeccomp(string path, bool defaultWhenEmpty)
    {
        var type = path switch
        {
            "" => defaultWhenEmpty ? SecurityProfile.Types.ProfileType.RuntimeDefault : SecurityProfile.Types.ProfileType.Unconfined,
            "runtime/default" or "docker/default" => SecurityProfile.Types.ProfileType.RuntimeDefault,
            "unconfined" => SecurityProfile.Types.ProfileType.Unconfined,
            _ when path.StartsWith(LocalhostPrefix, StringComparison.Ordinal) => SecurityProfile.Types.ProfileType.Localhost,
            _ => throw new ContainerSpecException($"unknown seccomp profile \"{path}\""),
        };
        return new SecurityProfile { ProfileType = type, LocalhostRef = type == SecurityProfile.Types.ProfileType.Localhost ? path : "" };
    }
}

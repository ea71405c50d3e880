using Crisp.Oci.Spec.Model;
using Runtime.V1;

namespace Crisp.Oci.Spec.Building;

/// <summary>
/// The capability sets: crio.conf's default_capabilities plus the CRI adds minus the CRI drops ("ALL" works
/// on both sides, and an explicit add survives "drop ALL"); all capabilities for privileged containers.
/// The inheritable set is filled only with add_inheritable_capabilities; ambient capabilities only when the
/// CRI asks for them (they are then also added to the other four sets, which the kernel requires).
/// </summary>
internal static class CapabilitySets
{
    private const string All = "ALL";

    public static ProcessCapabilities ForContainer(
        Capability? requested,
        bool privileged,
        IReadOnlyList<string> defaults,
        bool addInheritable,
        int lastCapability)
    {
        var supported = CapabilityNames.Supported(lastCapability);
        var set = new SortedSet<string>(Comparer<string>.Create((a, b) => CapabilityNames.NumberOf(a).CompareTo(CapabilityNames.NumberOf(b))));
        var ambient = new List<string>();
        if (privileged)
        {
            set.UnionWith(supported);
        }
        else
        {
            var adds = requested?.AddCapabilities ?? [];
            var drops = requested?.DropCapabilities ?? [];
            var addAll = adds.Any(IsAll);
            var dropAll = drops.Any(IsAll);
            if (!addAll && !dropAll)
            {
                set.UnionWith(defaults.Select(c => Normalize(c, supported, "in default_capabilities")));
            }

            if (addAll)
            {
                set.UnionWith(supported);
            }

            if (dropAll)
            {
                set.Clear();
            }

            set.UnionWith(adds.Where(c => !IsAll(c)).Select(c => Normalize(c, supported, "to add")));
            set.ExceptWith(drops.Where(c => !IsAll(c)).Select(c => Normalize(c, supported, "to drop")));
        }

        foreach (var name in requested?.AddAmbientCapabilities ?? [])
        {
            var capability = Normalize(name, supported, "to add as ambient");
            set.Add(capability);
            ambient.Add(capability);
        }

        var list = set.ToList();
        var inheritable = addInheritable ? list : ambient.Count > 0 ? set.Where(ambient.Contains).ToList() : null;
        return new ProcessCapabilities
        {
            Bounding = list,
            Effective = list,
            Permitted = list,
            Inheritable = inheritable is { Count: > 0 } ? inheritable : null,
            Ambient = ambient.Count > 0 ? set.Where(ambient.Contains).ToList() : null,
        };
    }

    /// <summary>The default capabilities alone, for the infra container.</summary>
    public static ProcessCapabilities Defaults(IReadOnlyList<string> defaults, bool addInheritable, int lastCapability) =>
        ForContainer(null, privileged: false, defaults, addInheritable, lastCapability);

    private static bool IsAll(string name) => string.Equals(name.Trim(), All, StringComparison.OrdinalIgnoreCase);

    private static string Normalize(string name, IReadOnlyList<string> supported, string what) =>
        CapabilityNames.TryNormalize(name, out var capability) && supported.Contains(capability)
            ? capability
            : throw new ContainerSpecException($"unknown capability \"{name}\" {what}");
}

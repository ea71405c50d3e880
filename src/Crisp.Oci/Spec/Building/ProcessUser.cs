using Crisp.Oci.Spec.Host;
using Crisp.Oci.Spec.Users;
using Runtime.V1;
using OciUser = Crisp.Oci.Spec.Model.User;

namespace Crisp.Oci.Spec.Building;

/// <summary>The process user from the CRI security context and the image, resolved against the rootfs.</summary>
internal static class ProcessUser
{
    public static (OciUser User, string Home) Resolve(string rootfs, LinuxContainerSecurityContext? context, string? imageUser)
    {
        var runAsUser = context?.RunAsUser;
        var runAsUsername = context?.RunAsUsername ?? "";
        var runAsGroup = context?.RunAsGroup;
        if (runAsGroup is not null && runAsUser is null && runAsUsername.Length == 0)
        {
            throw new ContainerSpecException("run_as_group is set without run_as_user or run_as_username");
        }

        // As CRI-O: the username wins over the uid, and the image's User (with its group part) is the fallback.
        var spec = runAsUsername.Length > 0
            ? runAsUsername
            : runAsUser is not null
                ? CheckId(runAsUser.Value, "run_as_user").ToString(System.Globalization.CultureInfo.InvariantCulture)
                : imageUser ?? "";

        var passwdText = ContainedFile.ReadText(rootfs, "/etc/passwd");
        var groupText = ContainedFile.ReadText(rootfs, "/etc/group");
        var resolved = UserSpecResolver.Resolve(
            spec,
            passwdText is null ? null : UserDatabase.ParsePasswd(passwdText),
            groupText is null ? null : UserDatabase.ParseGroup(groupText));

        var gid = runAsGroup is not null ? CheckId(runAsGroup.Value, "run_as_group") : resolved.Gid;
        var gids = new List<uint> { gid };
        var policy = context?.SupplementalGroupsPolicy ?? SupplementalGroupsPolicy.Merge;
        if (policy == SupplementalGroupsPolicy.Merge)
        {
            AddDistinct(gids, resolved.SupplementaryGids);
        }
        else if (policy != SupplementalGroupsPolicy.Strict)
        {
            throw new ContainerSpecException($"supplemental groups policy {policy} is not supported");
        }

        AddDistinct(gids, (context?.SupplementalGroups ?? []).Select(g => CheckId(g, "supplemental group")));
        return (new OciUser { Uid = resolved.Uid, Gid = gid, AdditionalGids = gids }, resolved.Home);
    }

    private static void AddDistinct(List<uint> gids, IEnumerable<uint> more)
    {
        foreach (var gid in more)
        {
            if (!gids.Contains(gid))
            {
                gids.Add(gid);
            }
        }
    }

    private static uint CheckId(long value, string what) =>
        value is >= 0 and <= UserSpecResolver.MaxId
            ? (uint)value
            : throw new ContainerSpecException($"{what} {value} is out of range 0-{UserSpecResolver.MaxId}");
}

using System.Globalization;

namespace Crisp.Oci.Spec.Users;

/// <summary>
/// Resolves a user specification ("", "name", "uid", "name:group", "uid:gid", "name:gid", "uid:group") as runc
/// and CRI-O do: names must exist in passwd/group; numeric IDs need no entry (an unknown uid gets gid 0);
/// a user found by name or uid brings its primary group, home and, unless a group is given, the groups
/// that list it as a member.
/// </summary>
internal static class UserSpecResolver
{
    /// <summary>IDs above this are refused (runc's limit, for 32-bit compatibility).</summary>
    public const long MaxId = int.MaxValue;

    public static ExecUser Resolve(string userSpec, IReadOnlyList<PasswdEntry>? passwd, IReadOnlyList<GroupEntry>? groups)
    {
        var colon = userSpec.IndexOf(':', StringComparison.Ordinal);
        var userPart = colon < 0 ? userSpec : userSpec[..colon];
        var groupPart = colon < 0 ? "" : userSpec[(colon + 1)..];
        var userId = ParseId(userPart);
        var groupId = ParseId(groupPart);

        uint uid = 0, gid = 0;
        var home = "/";
        string? matchedName = null;

        var match = userPart.Length == 0
            ? passwd?.FirstOrDefault(u => u.Uid == 0)
            : passwd?.FirstOrDefault(u => userId is { } id ? u.Uid == id : u.Name == userPart);
        if (match is not null)
        {
            matchedName = match.Name;
            uid = ToId(match.Uid, $"uid of user {match.Name}");
            gid = ToId(match.Gid, $"gid of user {match.Name}");
            home = match.Home.Length == 0 ? "/" : match.Home;
        }
        else if (userPart.Length > 0)
        {
            uid = userId is { } id
                ? (uint)id
                : throw new ContainerSpecException($"unable to find user {userPart}: no matching entries in passwd file");
        }

        IReadOnlyList<uint> supplementary = [];
        if (groupPart.Length > 0)
        {
            var group = groups?.FirstOrDefault(g => groupId is { } id ? g.Gid == id : g.Name == groupPart);
            gid = group is not null
                ? ToId(group.Gid, $"gid of group {group.Name}")
                : groupId is { } id
                    ? (uint)id
                    : throw new ContainerSpecException($"unable to find group {groupPart}: no matching entries in group file");
        }
        else if (matchedName is not null && groups is not null)
        {
            supplementary = groups
                .Where(g => g.Members.Contains(matchedName, StringComparer.Ordinal))
                .Select(g => ToId(g.Gid, $"gid of group {g.Name}"))
                .ToList();
        }

        return new ExecUser(uid, gid, supplementary, home);
    }

    /// <summary>The number for an all-digit spec part, null for a name; out-of-range numbers are errors.</summary>
    private static long? ParseId(string part)
    {
        if (part.Length == 0 || !part.All(char.IsAsciiDigit) && !(part[0] is '-' or '+' && part.Length > 1 && part[1..].All(char.IsAsciiDigit)))
        {
            return null;
        }

        return long.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id) && id is >= 0 and <= MaxId
            ? id
            : throw new ContainerSpecException($"user or group \"{part}\" is out of range: uids and gids must be in range 0-{MaxId}");
    }

    private static uint ToId(long value, string what) =>
        value is >= 0 and <= MaxId ? (uint)value : throw new ContainerSpecException($"{what} ({value}) is out of range 0-{MaxId}");
}

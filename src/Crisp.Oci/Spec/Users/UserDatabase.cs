using System.Globalization;

namespace Crisp.Oci.Spec.Users;

/// <summary>An /etc/passwd entry.</summary>
internal sealed record PasswdEntry(string Name, long Uid, long Gid, string Home);

/// <summary>An /etc/group entry.</summary>
internal sealed record GroupEntry(string Name, long Gid, IReadOnlyList<string> Members);

/// <summary>
/// Parses passwd and group files the way runc does: colon-separated fields, blank lines skipped (and, for
/// group files, comment lines), numbers that do not parse read as 0.
/// </summary>
internal static class UserDatabase
{
    public static IReadOnlyList<PasswdEntry> ParsePasswd(string text)
    {
        var entries = new List<PasswdEntry>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            // name:password:UID:GID:GECOS:directory:shell
            var fields = line.Split(':');
            entries.Add(new PasswdEntry(Field(fields, 0), Number(Field(fields, 2)), Number(Field(fields, 3)), Field(fields, 5)));
        }

        return entries;
    }

    public static IReadOnlyList<GroupEntry> ParseGroup(string text)
    {
        var entries = new List<GroupEntry>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            // name:password:GID:user_list
            var fields = line.Split(':');
            var members = Field(fields, 3).Split(',', StringSplitOptions.RemoveEmptyEntries);
            entries.Add(new GroupEntry(Field(fields, 0), Number(Field(fields, 2)), members));
        }

        return entries;
    }

    private static string Field(string[] fields, int index) => index < fields.Length ? fields[index] : "";

    private static long Number(string text) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : 0;
}

using System.Text;

namespace Crisp.Linux;

/// <summary>Reads the calling process's mount table (<c>/proc/self/mountinfo</c>).</summary>
public static class MountTable
{
    /// <summary>Mount points at or below <paramref name="directory"/>.</summary>
    public static IReadOnlyList<string> MountPointsUnder(string directory)
    {
        var prefix = directory.TrimEnd('/') + "/";
        var result = new List<string>();
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length < 5)
            {
                continue;
            }

            var mountPoint = Unescape(fields[4]);
            if (mountPoint == directory.TrimEnd('/') || mountPoint.StartsWith(prefix, StringComparison.Ordinal))
            {
                result.Add(mountPoint);
            }
        }

        return result;
    }

    /// <summary>The mount point of the file system holding <paramref name="path"/>: the longest mount point that contains it.</summary>
    public static string MountPointOf(string path)
    {
        var full = Path.GetFullPath(path).TrimEnd('/');
        var best = "/";
        foreach (var line in File.ReadLines("/proc/self/mountinfo"))
        {
            var fields = line.Split(' ');
            if (fields.Length < 5)
            {
                continue;
            }

            var mountPoint = Unescape(fields[4]);
            if (mountPoint.Length > best.Length && (full == mountPoint || full.StartsWith(mountPoint + "/", StringComparison.Ordinal)))
            {
                best = mountPoint;
            }
        }

        return best;
    }

    /// <summary>mountinfo writes space, tab, newline and backslash as three-digit octal escapes.</summary>
    internal static string Unescape(string field)
    {
        if (!field.Contains('\\', StringComparison.Ordinal))
        {
            return field;
        }

        var bytes = new List<byte>(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length
                && IsOctal(field[i + 1]) && IsOctal(field[i + 2]) && IsOctal(field[i + 3]))
            {
                bytes.Add((byte)(((field[i + 1] - '0') << 6) | ((field[i + 2] - '0') << 3) | (field[i + 3] - '0')));
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(field[i].ToString()));
            }
        }

        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';
}

using System.Security.Cryptography;
using System.Text;
using Crisp.Linux;

namespace Crisp.Storage.Rootfs;

/// <summary>
/// Short symlinks to long directory paths (like containers/storage's overlay "l/" directory), so that a
/// legacy mount(2) lowerdir list fits in its one-page limit. Names are derived from the target path
/// (12 base32 characters of its sha256), so creating a link is idempotent and needs no bookkeeping; on a
/// collision with a link to another target the next derived name is used.
/// </summary>
internal static class ShortLinks
{
    private const int NameLength = 12;
    private const int MaxAttempts = 16;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>The absolute path of a short link in <paramref name="linkDirectory"/> pointing at <paramref name="target"/>.</summary>
    public static string GetOrCreate(string linkDirectory, string target)
    {
        Directory.CreateDirectory(linkDirectory);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var link = Path.Combine(linkDirectory, NameFor(target, attempt));
            for (var race = 0; race < 3; race++)
            {
                if (FileSystemCalls.TryLStat(link, out var status))
                {
                    if (status.Kind == FileKind.Symlink && new FileInfo(link).LinkTarget == target)
                    {
                        return link;
                    }

                    break;
                }

                try
                {
                    File.CreateSymbolicLink(link, target);
                    return link;
                }
                catch (IOException) when (FileSystemCalls.TryLStat(link, out _))
                {
                    // Created concurrently: look again.
                }
            }
        }

        throw new IOException($"no free short link name for {target} in {linkDirectory}");
    }

    /// <summary>Removes the short link to <paramref name="target"/>, if there is one.</summary>
    public static void Remove(string linkDirectory, string target)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var link = Path.Combine(linkDirectory, NameFor(target, attempt));
            if (FileSystemCalls.TryLStat(link, out var status) && status.Kind == FileKind.Symlink && new FileInfo(link).LinkTarget == target)
            {
                File.Delete(link);
            }
        }
    }

    /// <summary>Removes links whose target no longer exists; returns their names.</summary>
    public static IReadOnlyList<string> RemoveDangling(string linkDirectory)
    {
        var removed = new List<string>();
        if (!Directory.Exists(linkDirectory))
        {
            return removed;
        }

        foreach (var link in Directory.EnumerateFileSystemEntries(linkDirectory))
        {
            var info = new FileInfo(link);
            if (info.LinkTarget is { } target && !Directory.Exists(target) && !File.Exists(target))
            {
                File.Delete(link);
                removed.Add(info.Name);
            }
        }

        return removed;
    }

    internal static string NameFor(string target, int attempt)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{target}\0{attempt}"));
        var name = new StringBuilder(NameLength);
        ulong bits = 0;
        var available = 0;
        var index = 0;
        while (name.Length < NameLength)
        {
            if (available < 5)
            {
                bits = (bits << 8) | hash[index++];
                available += 8;
            }

            available -= 5;
            name.Append(Alphabet[(int)((bits >> available) & 0x1F)]);
        }

        return name.ToString();
    }
}

using System.Globalization;
using Crisp.Oci.Spec.Model;

namespace Crisp.Oci.Spec.Building;

/// <summary>crio.conf's default_ulimits ("nofile=1024:2048", -1 = unlimited) as RLIMIT_* entries.</summary>
internal static class Rlimits
{
    private static readonly HashSet<string> _names = new(StringComparer.Ordinal)
    {
        "as", "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss",
        "rtprio", "rttime", "sigpending", "stack",
    };

    public static IReadOnlyList<PosixRlimit>? Build(IReadOnlyList<string> ulimits)
    {
        var result = new List<PosixRlimit>();
        foreach (var entry in ulimits)
        {
            var limit = Parse(entry);
            result.RemoveAll(r => r.Type == limit.Type);
            result.Add(limit);
        }

        return result.Count == 0 ? null : result;
    }

    public static PosixRlimit Parse(string entry)
    {
        var equals = entry.IndexOf('=', StringComparison.Ordinal);
        var name = equals > 0 ? entry[..equals].Trim().ToLowerInvariant() : "";
        if (!_names.Contains(name))
        {
            throw new ContainerSpecException($"invalid default_ulimits entry \"{entry}\": unknown or missing limit name");
        }

        var values = entry[(equals + 1)..].Split(':');
        if (values.Length > 2 || !TryLimit(values[0], out var soft))
        {
            throw new ContainerSpecException($"invalid default_ulimits entry \"{entry}\": bad soft limit");
        }

        var hard = soft;
        if (values.Length == 2 && !TryLimit(values[1], out hard))
        {
            throw new ContainerSpecException($"invalid default_ulimits entry \"{entry}\": bad hard limit");
        }

        if (hard != -1 && (soft == -1 || soft > hard))
        {
            throw new ContainerSpecException($"invalid default_ulimits entry \"{entry}\": soft limit above hard limit");
        }

        return new PosixRlimit { Type = "RLIMIT_" + name.ToUpperInvariant(), Soft = unchecked((ulong)soft), Hard = unchecked((ulong)hard) };
    }

    private static bool TryLimit(string text, out long value) =>
        long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= -1;
}

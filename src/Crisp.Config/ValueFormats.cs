using System.Globalization;

namespace Crisp.Config;

/// <summary>Syntax checks for the string-encoded values of crio.conf.</summary>
internal static class ValueFormats
{
    private static readonly HashSet<string> _ulimitNames = new(StringComparer.Ordinal)
    {
        "core", "cpu", "data", "fsize", "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss",
        "rtprio", "rttime", "sigpending", "stack",
    };

    private static readonly HashSet<string> _logLevels = new(StringComparer.OrdinalIgnoreCase)
    {
        "trace", "debug", "info", "warn", "warning", "error", "fatal", "panic",
    };

    public static bool IsLogLevel(string level) => _logLevels.Contains(level);

    /// <summary>Linux CPU list: "0-3,6,8-9".</summary>
    public static bool IsCpuList(string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        foreach (var part in value.Split(','))
        {
            var bounds = part.Trim().Split('-');
            if (bounds.Length > 2 || !TryUInt(bounds[0], out var low))
            {
                return false;
            }

            if (bounds.Length == 2 && (!TryUInt(bounds[1], out var high) || high < low))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>User namespace ranges: "containerID:hostID:size[,...]" with size &gt; 0.</summary>
    public static bool IsIdMappings(string value)
    {
        foreach (var range in value.Split(','))
        {
            var fields = range.Trim().Split(':');
            if (fields.Length != 3 || !TryUInt(fields[0], out _) || !TryUInt(fields[1], out _) || !TryUInt(fields[2], out var size) || size == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>"name=soft[:hard]" with a known rlimit name; -1 means unlimited.</summary>
    public static string? CheckUlimit(string value)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            return $"ulimit \"{value}\" is not of the form name=soft:hard";
        }

        var name = value[..equals].Trim();
        if (!_ulimitNames.Contains(name))
        {
            return $"ulimit \"{value}\" has unknown name \"{name}\"";
        }

        var limits = value[(equals + 1)..].Split(':');
        if (limits.Length > 2 || !TryLimit(limits[0], out var soft))
        {
            return $"ulimit \"{value}\" has an invalid soft limit";
        }

        var hard = soft;
        if (limits.Length == 2 && !TryLimit(limits[1], out hard))
        {
            return $"ulimit \"{value}\" has an invalid hard limit";
        }

        return hard != -1 && (soft == -1 || soft > hard) ? $"ulimit \"{value}\" has a soft limit above its hard limit" : null;
    }

    /// <summary>"key=value" (spaces around '=' allowed, as CRI-O trims them).</summary>
    public static bool IsSysctl(string value)
    {
        var equals = value.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 && value[..equals].Trim().Length > 0;
    }

    /// <summary>"host[:container[:permissions]]" with an absolute host path and permissions from "rwm".</summary>
    public static bool IsDevice(string value)
    {
        var fields = value.Split(':');
        if (fields.Length > 3 || !fields[0].StartsWith('/'))
        {
            return false;
        }

        if (fields.Length >= 2 && fields[1].Length > 0 && !fields[1].StartsWith('/'))
        {
            return false;
        }

        return fields.Length < 3 || (fields[2].Length > 0 && fields[2].All(c => c is 'r' or 'w' or 'm'));
    }

    /// <summary>A TCP port given as text: 0-65535.</summary>
    public static bool IsPort(string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port <= 65535;

    private static bool TryUInt(string text, out ulong value) =>
        ulong.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out value);

    private static bool TryLimit(string text, out long value) =>
        long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) && value >= -1;
}

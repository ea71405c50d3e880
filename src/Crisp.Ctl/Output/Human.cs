using System.Globalization;

namespace Crisp.Ctl.Output;

/// <summary>Human-readable ages, sizes and ids as crictl prints them (docker/go-units wording, 13-character ids).</summary>
public static class Human
{
    public const int TruncatedIdLength = 13;

    /// <summary>"Less than a second", "5 seconds", "About a minute", "3 hours", "2 days", …</summary>
    public static string Duration(TimeSpan d)
    {
        var seconds = (long)d.TotalSeconds;
        if (seconds < 1)
        {
            return "Less than a second";
        }

        if (seconds == 1)
        {
            return "1 second";
        }

        if (seconds < 60)
        {
            return $"{seconds} seconds";
        }

        var minutes = (long)d.TotalMinutes;
        if (minutes == 1)
        {
            return "About a minute";
        }

        if (minutes < 60)
        {
            return $"{minutes} minutes";
        }

        var hours = (long)Math.Round(d.TotalHours, MidpointRounding.AwayFromZero);
        return hours switch
        {
            1 => "About an hour",
            < 48 => $"{hours} hours",
            < 24 * 7 * 2 => $"{hours / 24} days",
            < 24 * 30 * 2 => $"{hours / 24 / 7} weeks",
            < 24 * 365 * 2 => $"{hours / 24 / 30} months",
            _ => $"{(long)d.TotalHours / 24 / 365} years",
        };
    }

    /// <summary>"5 minutes ago" for a CRI timestamp in nanoseconds since the epoch.</summary>
    public static string Ago(long unixNanos, DateTimeOffset now) =>
        Duration(now - DateTimeOffset.FromUnixTimeMilliseconds(unixNanos / 1_000_000)) + " ago";

    /// <summary>Decimal sizes with <paramref name="precision"/> significant digits: "1.23MB", "512kB", "7B".</summary>
    public static string Size(double bytes, int precision = 3)
    {
        string[] units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
        var unit = 0;
        while (bytes >= 1000 && unit < units.Length - 1)
        {
            bytes /= 1000;
            unit++;
        }

        return bytes.ToString("G" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + units[unit];
    }

    /// <summary>The first 13 characters of an id, after any <c>sha256:</c>-style algorithm prefix.</summary>
    public static string TruncateId(string id, bool noTrunc)
    {
        var colon = id.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0 && !noTrunc)
        {
            id = id[(colon + 1)..];
        }

        return noTrunc || id.Length <= TruncatedIdLength ? id : id[..TruncatedIdLength];
    }
}

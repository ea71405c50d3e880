using System.Globalization;

namespace Crisp.Oci.Runtime;

/// <summary>
/// An image's <c>StopSignal</c> ("SIGQUIT", "QUIT", "3", "SIGRTMIN+3") as a Linux signal number. Nothing
/// usable means SIGTERM, as CRI-O stops containers whose image names no (valid) stop signal.
/// </summary>
public static class StopSignals
{
    public const int Default = 15;

    private const int RtMin = 34;
    private const int RtMax = 64;

    private static readonly Dictionary<string, int> _numbers = new(StringComparer.Ordinal)
    {
        ["HUP"] = 1,
        ["INT"] = 2,
        ["QUIT"] = 3,
        ["ILL"] = 4,
        ["TRAP"] = 5,
        ["ABRT"] = 6,
        ["IOT"] = 6,
        ["BUS"] = 7,
        ["FPE"] = 8,
        ["KILL"] = 9,
        ["USR1"] = 10,
        ["SEGV"] = 11,
        ["USR2"] = 12,
        ["PIPE"] = 13,
        ["ALRM"] = 14,
        ["TERM"] = 15,
        ["STKFLT"] = 16,
        ["CHLD"] = 17,
        ["CONT"] = 18,
        ["STOP"] = 19,
        ["TSTP"] = 20,
        ["TTIN"] = 21,
        ["TTOU"] = 22,
        ["URG"] = 23,
        ["XCPU"] = 24,
        ["XFSZ"] = 25,
        ["VTALRM"] = 26,
        ["PROF"] = 27,
        ["WINCH"] = 28,
        ["IO"] = 29,
        ["POLL"] = 29,
        ["PWR"] = 30,
        ["SYS"] = 31,
    };

    /// <summary>The signal number, or null when <paramref name="text"/> names no signal.</summary>
    public static int? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var name = text.Trim().ToUpperInvariant();
        if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            return number is > 0 and <= RtMax ? number : null;
        }

        if (name.StartsWith("SIG", StringComparison.Ordinal))
        {
            name = name[3..];
        }

        if (_numbers.TryGetValue(name, out var known))
        {
            return known;
        }

        return RealTime(name, "RTMIN+", RtMin, +1) ?? RealTime(name, "RTMAX-", RtMax, -1)
            ?? name switch { "RTMIN" => RtMin, "RTMAX" => RtMax, _ => null };
    }

    /// <summary>The image's stop signal, or SIGTERM.</summary>
    public static int ParseOrDefault(string? text) => TryParse(text) ?? Default;

    private static int? RealTime(string name, string prefix, int baseNumber, int direction)
    {
        if (!name.StartsWith(prefix, StringComparison.Ordinal)
            || !int.TryParse(name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return null;
        }

        var number = baseNumber + (direction * offset);
        return number is >= RtMin and <= RtMax ? number : null;
    }
}

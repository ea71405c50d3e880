using System.Globalization;

namespace Crisp.Oci.Spec;

/// <summary>
/// The oom_score_adj a container may be given. Without CAP_SYS_RESOURCE a process may only raise its
/// oom_score_adj, so runc (a descendant of the daemon) fails to create a container whose spec asks for
/// less than the daemon's own value; specs are clamped to what the host allows instead.
/// </summary>
public static class OomScoreAdjust
{
    public const int Minimum = -1000;

    public const int Maximum = 1000;

    private const int CapSysResource = 24;

    /// <summary>
    /// The lowest value this process could set: -1000 with CAP_SYS_RESOURCE in its effective set, otherwise
    /// its current oom_score_adj. The readers return the text of /proc/self/oom_score_adj and
    /// /proc/self/status (defaults read the real files).
    /// </summary>
    public static int LowestAllowed(Func<string>? readOomScoreAdj = null, Func<string>? readStatus = null)
    {
        readOomScoreAdj ??= () => File.ReadAllText("/proc/self/oom_score_adj");
        readStatus ??= () => File.ReadAllText("/proc/self/status");
        if (HasCapability(readStatus(), CapSysResource))
        {
            return Minimum;
        }

        var text = readOomScoreAdj().Trim();
        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var current)
            ? Math.Clamp(current, Minimum, Maximum)
            : throw new FormatException($"oom_score_adj \"{text}\" is not a number");
    }

    /// <summary>Clamps a requested value into [<paramref name="lowestAllowed"/>, 1000].</summary>
    public static int Clamp(long requested, int lowestAllowed) =>
        (int)Math.Clamp(requested, Math.Clamp(lowestAllowed, Minimum, Maximum), Maximum);

    private static bool HasCapability(string status, int capability)
    {
        foreach (var line in status.Split('\n'))
        {
            if (!line.StartsWith("CapEff:", StringComparison.Ordinal))
            {
                continue;
            }

            return ulong.TryParse(line["CapEff:".Length..].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask)
                && (mask & (1UL << capability)) != 0;
        }

        return false;
    }
}

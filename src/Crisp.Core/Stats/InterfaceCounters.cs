using System.Globalization;

namespace Crisp.Core.Stats;

/// <summary>One network interface's counters as <c>/proc/net/dev</c> lists them.</summary>
public sealed record InterfaceCounters(
    string Name,
    ulong RxBytes,
    ulong RxPackets,
    ulong RxErrors,
    ulong RxDropped,
    ulong TxBytes,
    ulong TxPackets,
    ulong TxErrors,
    ulong TxDropped)
{
    /// <summary>
    /// Parses <c>/proc/net/dev</c>: two header lines, then "name: rx bytes packets errs drop fifo frame compressed
    /// multicast tx bytes packets errs drop fifo colls carrier compressed".
    /// </summary>
    public static IReadOnlyList<InterfaceCounters> ParseNetDev(string text)
    {
        var result = new List<InterfaceCounters>();
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var fields = line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 16)
            {
                continue;
            }

            ulong F(int i) => ulong.TryParse(fields[i], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0;
            result.Add(new InterfaceCounters(line[..colon].Trim(), F(0), F(1), F(2), F(3), F(8), F(9), F(10), F(11)));
        }

        return result;
    }
}

using Crisp.Bench.Infrastructure;

namespace Crisp.Bench.Lifecycle.Host;

/// <summary>Host tools (ip, iptables, runc) run to their end, by their names on PATH.</summary>
internal static class Command
{
    public static async Task<ProcessRun> RunAsync(string tool, IEnumerable<string> args, CancellationToken ct)
    {
        try
        {
            return await ChildProcess.RunAsync(tool, args, ct);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return new ProcessRun(tool, 127, TimeSpan.Zero, $"{tool}: {e.Message}");
        }
    }

    /// <summary>Splits an iptables -S line into arguments (quoted comments stay one argument).</summary>
    public static IReadOnlyList<string> SplitRule(string rule)
    {
        var args = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        foreach (var c in rule)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ' ' && !quoted)
            {
                if (current.Length > 0)
                {
                    args.Add(current.ToString());
                    current.Clear();
                }
            }
            else
            {
                current.Append(c);
            }
        }

        if (current.Length > 0)
        {
            args.Add(current.ToString());
        }

        return args;
    }
}

namespace Crisp.Bench.Lifecycle.Report;

/// <summary>What follows the table: notes, per-contestant failures, leaks and cleanups, daemon error lines, regressions.</summary>
internal static class ConsoleSummary
{
    public static void Print(LifecycleReport report)
    {
        Console.WriteLine($"machine: {report.Machine.Cpus} CPUs, {report.Machine.MemoryMib} MiB, {report.Machine.Kernel}; load average before {report.Machine.LoadAverageBefore}, after {report.Machine.LoadAverageAfter}");
        var v = report.Versions;
        Console.WriteLine($"versions: crisp {v.GitRevision}; {v.Containerd}; {v.Runc}; {v.Conmon}; CNI plugins {v.CniPlugins}; .NET {v.Dotnet}");
        foreach (var c in report.Contestants)
        {
            Console.WriteLine($"{c.Name}: {c.Version ?? "-"}");
        }

        foreach (var note in report.Notes)
        {
            Console.WriteLine($"note: {note}");
        }

        foreach (var c in report.Contestants)
        {
            if (c.Skipped is not null)
            {
                Console.WriteLine($"{c.Name}: NOT RUN: {c.Skipped}");
            }

            if (c.Failure is not null)
            {
                Console.WriteLine($"{c.Name}: FAILED: {c.Failure}");
            }

            foreach (var group in c.Failures.GroupBy(f => (f.Phase, f.Operation, f.Code)))
            {
                Console.WriteLine($"{c.Name}: {group.Count()} x {group.Key.Phase}/{group.Key.Operation}: {group.Key.Code}: {group.First().Detail}");
            }

            foreach (var leak in c.Leaks)
            {
                Console.WriteLine($"{c.Name}: LEAK after all pods were removed: {leak}");
            }

            foreach (var line in c.Cleanup)
            {
                Console.WriteLine($"{c.Name}: cleanup after the daemon stopped: {line}");
            }

            if (c.DaemonErrorLines.Count > 0)
            {
                Console.WriteLine($"{c.Name}: {c.DaemonErrorLines.Count} distinct warning/error lines in the daemon's output (in the JSON); first: {c.DaemonErrorLines[0]}");
            }
        }

        if (report.Settings.Lifecycles < RegressionCheck.MinimumLifecycles)
        {
            Console.WriteLine($"regressions: not checked (fewer than {RegressionCheck.MinimumLifecycles} lifecycles: too few samples to compare)");
        }
        else if (report.ComparedWith is null)
        {
            Console.WriteLine("regressions: no earlier lifecycle result with the same sizes to compare with");
        }
        else if (report.Regressions.Count == 0)
        {
            Console.WriteLine($"regressions: none against {report.ComparedWith}");
        }
        else
        {
            foreach (var regression in report.Regressions)
            {
                Console.WriteLine($"WARNING: regression against {report.ComparedWith}: {regression}");
            }
        }
    }
}

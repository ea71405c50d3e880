using Crisp.Bench.Lifecycle.Phases;

namespace Crisp.Bench.Lifecycle.Report;

/// <summary>Turns a contestant's measurements into the table's figures (same keys and order for every contestant).</summary>
internal static class Figures
{
    public static IReadOnlyList<Figure> Of(ContestantReport r, LifecycleOptions options)
    {
        var figures = new List<Figure>();
        void Add(string key, string label, string unit, double? value, bool higherIsBetter = false)
        {
            if (value is { } v && !double.IsNaN(v))
            {
                figures.Add(new Figure(key, label, unit, higherIsBetter, Math.Round(v, 2)));
            }
        }

        foreach (var operation in LifecyclePhase.Operations.Append(LifecyclePhase.CreateAndStart).Append(LifecyclePhase.Total))
        {
            if (r.Operations.TryGetValue(operation, out var latency) && latency.Count > 0)
            {
                var label = operation == LifecyclePhase.Total ? $"full lifecycle (9 calls, n={latency.Count})" : operation;
                Add($"{operation}.median", $"{label} median", "ms", latency.MedianMs);
                Add($"{operation}.p99", $"{label} p99", "ms", latency.P99Ms);
            }
        }

        Add("Lifecycle.cold", "first lifecycle (cold daemon)", "ms", r.ColdLifecycleMs);
        if (r.Concurrency is { } c)
        {
            Add("Concurrent.podsPerSecond", $"{c.Pods} pods started at once: pods/s", "pods/s", c.PodsPerSecond, higherIsBetter: true);
            Add("Concurrent.startWall.median", $"{c.Pods} pods started at once: wall", "ms", c.StartWallMs.MedianMs);
            Add("Concurrent.podStart.p99", $"{c.Pods} pods at once: one pod's start p99", "ms", c.PodStartMs.P99Ms);
            Add("Concurrent.teardownWall.median", $"{c.Pods} pods torn down at once: wall", "ms", c.TeardownWallMs.MedianMs);
        }

        if (r.List is { } l)
        {
            Add("ListContainers.median", $"ListContainers ({l.Containers} containers) median", "ms", l.ListContainersMs.MedianMs);
            Add("ListContainers.p99", $"ListContainers ({l.Containers} containers) p99", "ms", l.ListContainersMs.P99Ms);
            Add("ListPodSandbox.median", $"ListPodSandbox ({l.Pods} pods) median", "ms", l.ListPodSandboxMs.MedianMs);
            Add("ListPodSandbox.p99", $"ListPodSandbox ({l.Pods} pods) p99", "ms", l.ListPodSandboxMs.P99Ms);
            Add("List.setupWall", $"create+start {l.Containers} containers (4 pods at a time)", "ms", l.SetupWallMs);
        }

        if (r.Startup is { } s)
        {
            Add("Startup.socketReady.median", $"exec -> socket ready (n={s.SocketReadyMs.Count}) median", "ms", s.SocketReadyMs.MedianMs);
            Add("Startup.statusReady.median", "exec -> Status ready median", "ms", s.StatusReadyMs.MedianMs);
        }

        if (r.Memory is { } m)
        {
            Add("Rss.daemon.afterStart", "daemon VmRSS idle after start", "MiB", m.DaemonAfterStart.VmRssMib);
            Add("Rss.daemon.afterLifecycles", $"daemon VmRSS idle after {options.Warmup + options.Lifecycles} lifecycles", "MiB", m.DaemonAfterLifecycles?.VmRssMib);
            if (m.DaemonVmRssAfterEachLifecycleMib is { Count: > 2 } curve)
            {
                // Growth over the second half of the lifecycles: about 0 once the daemon's memory has settled.
                var half = curve.Count / 2;
                Add("Rss.daemon.growthSecondHalf", $"daemon VmRSS growth, lifecycles {half + 1}-{curve.Count}", "MiB", curve[^1] - curve[half - 1]);
            }

            Add("Rss.monitors.onePod", "monitors' VmRSS, 1 pod with 1 container", "MiB", m.MonitorsOnePod?.VmRssMib);
            Add("Pss.monitors.onePod", "monitors' Pss, 1 pod with 1 container", "MiB", m.MonitorsOnePod?.PssMib);
            Add("Monitors.onePod", "  monitor processes for it", "procs", m.MonitorsOnePod?.Processes);
        }

        if (r.List is { } list)
        {
            Add("Rss.daemon.withContainers", $"daemon VmRSS with {list.Containers} containers", "MiB", list.Daemon.VmRssMib);
            Add("Rss.monitors.withContainers", $"monitors' VmRSS with {list.Containers} containers", "MiB", list.Monitors.VmRssMib);
            Add("Monitors.withContainers", "  monitor processes for them", "procs", list.Monitors.Processes);
            Add("Pss.monitors.withContainers", $"monitors' Pss with {list.Containers} containers", "MiB", list.Monitors.PssMib);
            Add("Rss.monitors.perContainer", "monitor VmRSS per container", "MiB", list.MonitorVmRssPerContainerMib);
        }

        return figures;
    }
}

using System.Diagnostics;

namespace Crisp.Core.Metrics;

/// <summary>
/// The daemon's own figures, read at scrape time: <c>process_*</c> (the names every Prometheus client uses) under the
/// <c>process</c> collector, and the .NET runtime's GC, heap and thread-pool figures as <c>dotnet_*</c> under <c>dotnet</c>.
/// </summary>
public static class RuntimeMetrics
{
    public static void Register(MetricsRegistry registry)
    {
        const string p = MetricCollectors.Process;
        registry.Add(CallbackFamily.Counter(p, "process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
            () => Self(self => self.TotalProcessorTime.TotalSeconds)));
        registry.Add(CallbackFamily.Gauge(p, "process_resident_memory_bytes", "Resident memory size in bytes.",
            () => Environment.WorkingSet));
        registry.Add(CallbackFamily.Gauge(p, "process_virtual_memory_bytes", "Virtual memory size in bytes.",
            () => Self(self => self.VirtualMemorySize64)));
        registry.Add(CallbackFamily.Gauge(p, "process_open_fds", "Number of open file descriptors.", OpenDescriptors));
        registry.Add(CallbackFamily.Gauge(p, "process_max_fds", "Maximum number of open file descriptors.", MaxDescriptors));
        registry.Add(CallbackFamily.Gauge(p, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
            () => Self(self => new DateTimeOffset(self.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0)));

        const string d = MetricCollectors.DotNet;
        registry.Add(new CallbackFamily(d, "dotnet_gc_collections_total", "Garbage collections since the process started, by generation.",
            "counter", ["generation"],
            () => Enumerable.Range(0, GC.MaxGeneration + 1).Select(g => (new[] { g.ToString(System.Globalization.CultureInfo.InvariantCulture) }, (double)GC.CollectionCount(g)))));
        registry.Add(CallbackFamily.Gauge(d, "dotnet_gc_heap_size_bytes", "Bytes the GC heap holds now.", () => GC.GetGCMemoryInfo().HeapSizeBytes));
        registry.Add(CallbackFamily.Gauge(d, "dotnet_gc_committed_bytes", "Bytes the GC has committed.", () => GC.GetGCMemoryInfo().TotalCommittedBytes));
        registry.Add(CallbackFamily.Gauge(d, "dotnet_total_memory_bytes", "Bytes thought to be allocated on the managed heap.", () => GC.GetTotalMemory(false)));
        registry.Add(CallbackFamily.Counter(d, "dotnet_gc_allocated_bytes_total", "Bytes allocated on the managed heap since the process started.",
            () => GC.GetTotalAllocatedBytes()));
        registry.Add(CallbackFamily.Counter(d, "dotnet_gc_pause_seconds_total", "Time the GC paused the process, in seconds.",
            () => GC.GetTotalPauseDuration().TotalSeconds));
        registry.Add(CallbackFamily.Gauge(d, "dotnet_threadpool_threads", "Thread-pool threads that exist now.", () => ThreadPool.ThreadCount));
        registry.Add(CallbackFamily.Gauge(d, "dotnet_threadpool_queue_length", "Work items queued to the thread pool.", () => ThreadPool.PendingWorkItemCount));
        registry.Add(CallbackFamily.Counter(d, "dotnet_threadpool_completed_items_total", "Work items the thread pool has completed.",
            () => ThreadPool.CompletedWorkItemCount));
        registry.Add(CallbackFamily.Counter(d, "dotnet_lock_contentions_total", "Times a thread waited for a contended Monitor lock.",
            () => Monitor.LockContentionCount));
        registry.Add(CallbackFamily.Gauge(d, "dotnet_timers", "Active timers.", () => Timer.ActiveCount));
    }

    private static double Self(Func<Process, double> read)
    {
        using var self = Process.GetCurrentProcess();
        return read(self);
    }

    private static double OpenDescriptors()
    {
        try
        {
            return Directory.EnumerateFileSystemEntries("/proc/self/fd").Count();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }

    /// <summary>The soft limit on open files, from <c>/proc/self/limits</c>.</summary>
    private static double MaxDescriptors()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    var soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
                    return soft == "unlimited" ? double.PositiveInfinity : double.Parse(soft, System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            // Reported as unknown below.
        }

        return double.NaN;
    }
}

using System.Globalization;
using Crisp.Bench.Infrastructure;
using Crisp.Bench.Lifecycle.Daemons;
using Crisp.Bench.Lifecycle.Host;
using Crisp.Bench.Lifecycle.Report;
using Crisp.Bench.Pull;
using Crisp.Bench.Registry;
using Crisp.IntegrationTests.Harness.Registry;

namespace Crisp.Bench.Lifecycle;

/// <summary>
/// Issue 8's benchmark. One run on one machine: a docker-registry on 127.0.0.1 with busybox, a pause image and one
/// fresh image per lifecycle; then, one after another, containerd 1.6 (CRI plugin) and crisp (JIT, Native AOT, and JIT
/// with a pause container in every pod), each on its own directory, socket, runc root, cgroup parent and CNI bridge,
/// driven through the same generated CRI client with the same requests. Prints the table with crisp/containerd ratios,
/// writes lifecycle-&lt;timestamp&gt;.json and .png, and warns about regressions against the previous result.
/// </summary>
internal sealed class LifecycleBenchmark
{
    private static readonly string[] _tools =
    [
        "/usr/bin/containerd-shim-runc-v2", "/usr/sbin/runc", "/usr/bin/conmon", "/usr/lib/cni/bridge", "/usr/lib/cni/host-local",
        "/usr/lib/cni/portmap", "/usr/lib/cni/loopback", BenchRegistry.Executable, TestImages.BusyboxHostPath, "/usr/sbin/iptables",
    ];

    private readonly LifecycleOptions _options;

    public LifecycleBenchmark(LifecycleOptions options)
    {
        _options = options;
    }

    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new BenchException("run it as root (both daemons create namespaces, mounts, bridges and cgroups)");
        }

        foreach (var tool in _tools.Append(_options.ContainerdExecutable))
        {
            if (!File.Exists(tool))
            {
                throw new BenchException($"{tool} is missing: bench/run-lifecycle.sh installs containerd, runc, conmon, containernetworking-plugins, docker-registry, busybox-static, iptables");
            }
        }

        var repository = RepositoryPaths.Root();
        var resultsDirectory = Path.GetFullPath(_options.ResultsDirectory
            ?? (repository is null ? throw new BenchException("give --results DIR (no repository around the bench)") : Path.Combine(repository, "bench", "results")));
        var (specs, skipped, notes) = Contestants(repository);
        var loadBefore = LoadAverage();

        using var work = WorkDirectory.Acquire(_options.WorkDirectory);
        StaleCgroups.RemoveLeftovers();
        Console.WriteLine($"bench: work directory {work.RunDirectory}; {Environment.ProcessorCount} CPUs; load average {loadBefore}");
        await using var registry = await BenchRegistry.StartAsync(work.Combine("registry"), ct);
        var images = await LifecycleImages.PushAsync(registry, _options.Warmup + _options.Lifecycles, ct);
        Console.WriteLine($"bench: docker-registry pid {registry.Pid} on {registry.Host}: busybox, pause, {images.Uncached.Count} single-use images "
            + $"({images.UncachedLayerBytes:N0} bytes each)");

        var settings = new DaemonSettings(registry.Host, images.Pause, _options.LogLevel);
        var runner = new ContestantRunner(_options, settings, images, work.RunDirectory);
        var reports = new List<ContestantReport>();
        var shimSockets = new ShimSocketDirectory();
        try
        {
            foreach (var spec in specs)
            {
                reports.Add(await runner.RunAsync(spec, ShortName(spec), ct));
            }
        }
        finally
        {
            shimSockets.CleanUp();
        }

        reports.AddRange(skipped);
        var table = ReportTable.Rows([.. reports.Where(r => r.Skipped is null)]);
        var report = new LifecycleReport("lifecycle", DateTimeOffset.UtcNow,
            new MachineInfo("Linux " + File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), Environment.ProcessorCount, MemoryMib(), loadBefore, LoadAverage()),
            await Versions.CollectAsync(repository, _options.ContainerdExecutable, ct), SettingsUsed(work, registry, images), reports, table,
            [.. notes, .. StandardNotes()], [], null);
        var (comparedWith, regressions) = RegressionCheck.Run(resultsDirectory, report);
        report = report with { Regressions = regressions, ComparedWith = comparedWith };

        Console.WriteLine();
        Console.Write(ReportTable.Format(table, reports));
        ConsoleSummary.Print(report);

        Directory.CreateDirectory(resultsDirectory);
        var stem = Path.Combine(resultsDirectory, $"lifecycle-{report.Timestamp.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}");
        await File.WriteAllTextAsync(stem + ".json", LifecycleReportJsonContext.Serialize(report) + "\n", CancellationToken.None);
        Console.WriteLine($"results: {stem}.json");
        if (_options.Plot)
        {
            var script = repository is null ? "plot_lifecycle.py" : Path.Combine(repository, "bench", "plot_lifecycle.py");
            var problem = await Plotter.DrawAsync(script, stem + ".json", stem + ".png", ct);
            Console.WriteLine(problem is null ? $"plot: {stem}.png" : $"plot: none: {problem}");
        }

        return reports.Any(r => r.Failure is not null) ? 3 : 0;
    }

    private (List<ContestantSpec> Specs, List<ContestantReport> Skipped, List<string> Notes) Contestants(string? repository)
    {
        var jit = _options.CrispExecutable ?? Environment.GetEnvironmentVariable("CRISP_BINARY")
            ?? (repository is null ? null : Path.Combine(repository, "src", "Crisp.Daemon", "bin", "Release", "net10.0", "crisp"));
        jit = jit is null ? null : Path.GetFullPath(jit);
        if (jit is null || !File.Exists(jit))
        {
            throw new BenchException($"the crisp executable is not at {jit ?? "(unknown)"}: build it (dotnet build src/Crisp.Daemon -c Release) or give --crisp");
        }

        var aot = string.IsNullOrEmpty(_options.CrispAotExecutable) ? null : Path.GetFullPath(_options.CrispAotExecutable);
        var all = new List<ContestantSpec> { ContestantSpec.ForContainerd(_options.ContainerdExecutable), ContestantSpec.ForCrispJit(jit) };
        var skipped = new List<ContestantReport>();
        var notes = new List<string>();
        var aotSpec = ContestantSpec.ForCrispAot(aot ?? "");
        if (aot is not null && File.Exists(aot))
        {
            all.Add(aotSpec);
        }
        else
        {
            var reason = _options.AotNote ?? (aot is null ? "no --crisp-aot given" : $"{aot} does not exist");
            skipped.Add(ContestantReport.NotRun(aotSpec, reason));
            notes.Add($"crisp-aot not run: {reason}");
        }

        if (_options.InfraRow)
        {
            all.Add(ContestantSpec.ForCrispJitInfra(jit));
        }

        var chosen = _options.Only is { } only ? all.Where(s => only.Contains(s.Name, StringComparer.Ordinal)).ToList() : all;
        return (chosen, skipped, notes);
    }

    private static string ShortName(ContestantSpec spec) => spec.Name switch
    {
        ContestantSpec.Containerd => "ctrd",
        ContestantSpec.CrispJit => "jit",
        ContestantSpec.CrispAot => "aot",
        _ => "infra",
    };

    private LifecycleSettingsUsed SettingsUsed(WorkDirectory work, BenchRegistry registry, LifecycleImages images) => new(
        _options.Lifecycles, _options.Warmup, _options.Concurrency, _options.Rounds, _options.ListContainers, _options.ContainersPerPod,
        _options.ListCalls, _options.Starts, _options.Quick, _options.LogLevel, work.RunDirectory, registry.Host, images.UncachedLayerBytes,
        "pod: namespace options network POD, pid CONTAINER, ipc POD, a cgroupfs parent of the contestant's own; container: busybox "
        + "sh -c \"trap 'exit 0' TERM; sleep 3600 & wait\"; ExecSync: echo (10 s timeout); StopContainer timeout 2 s; "
        + "times are client side (request sent to response received) over one gRPC channel per daemon",
        "contestants one after another (containerd first); within one, startup samples, lifecycles, one-pod monitor probe, throughput, lists");

    private static IEnumerable<string> StandardNotes() =>
    [
        "containerd always runs a pause container per pod; crisp ships drop_infra_ctr = true, so crisp-jit/crisp-aot pods (no shared PID "
        + "namespace) have none. crisp-jit-infra is crisp with drop_infra_ctr = false: the like-for-like row.",
        "monitors: crisp runs one conmon per container (and per pause container); containerd runs one containerd-shim-runc-v2 per pod.",
        "p99 is nearest-rank: with 30 samples it is the slowest sample.",
    ];

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Trim();

    private static long MemoryMib()
    {
        var total = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var kib = total?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return kib is null ? 0 : long.Parse(kib, CultureInfo.InvariantCulture) / 1024;
    }
}

using System.Text.RegularExpressions;
using Crisp.Bench.Infrastructure;
using Crisp.Bench.Lifecycle.Daemons;
using Crisp.Bench.Lifecycle.Host;
using Crisp.Bench.Lifecycle.Phases;
using Crisp.Bench.Lifecycle.Report;
using Runtime.V1;

namespace Crisp.Bench.Lifecycle;

/// <summary>
/// Runs every phase for one contestant, each daemon on a fresh directory under the run directory: the extra starts,
/// then the main daemon (idle memory, base images, lifecycles, memory, one-pod monitors, throughput, lists). Whatever
/// happens, its pods are removed through the CRI, leaks are checked, the daemon is stopped and its leftovers removed.
/// </summary>
internal sealed partial class ContestantRunner
{
    private static readonly TimeSpan _settle = TimeSpan.FromSeconds(2);

    private readonly LifecycleOptions _options;
    private readonly DaemonSettings _settings;
    private readonly LifecycleImages _images;
    private readonly string _runDirectory;

    public ContestantRunner(LifecycleOptions options, DaemonSettings settings, LifecycleImages images, string runDirectory)
    {
        _options = options;
        _settings = settings;
        _images = images;
        _runDirectory = runDirectory;
    }

    public async Task<ContestantReport> RunAsync(ContestantSpec spec, string shortName, CancellationToken ct)
    {
        Console.WriteLine($"\n== {spec.Name}: {spec.Description}\n   {spec.Executable}");
        var network = new BenchNetwork(spec);
        var cgroupParent = $"/{StaleCgroups.Prefix}{Environment.ProcessId}-{shortName}";
        var cleanup = new List<string>();
        var startups = new List<(double Socket, double Status, double Rss)>();
        await network.PrepareAsync(ct);

        for (var k = 0; k < _options.Starts; k++)
        {
            var directory = Path.Combine(_runDirectory, $"{shortName}-s{k}");
            ICriDaemon? probe = null;
            try
            {
                probe = await DaemonLauncher.StartAsync(spec, directory, _settings, network, ct);
                startups.Add(await StartupSampleAsync(probe, ct));
            }
            finally
            {
                await EndAsync(probe, null, directory, cgroupParent, network, cleanup);
            }
        }

        var main = Path.Combine(_runDirectory, shortName);
        ICriDaemon? daemon = null;
        Session? session = null;
        string? version = null, failure = null;
        MemoryReport? memory = null;
        double? cold = null;
        ConcurrencyReport? concurrency = null;
        ListReport? list = null;
        IReadOnlyList<string> leaks = [];
        IReadOnlyList<string> errorLines = [];
        try
        {
            daemon = await DaemonLauncher.StartAsync(spec, main, _settings, network, ct);
            session = new Session(daemon, new CriRequests(Path.Combine(main, "logs"), cgroupParent), _images, _options, ct);
            startups.Add(await StartupSampleAsync(daemon, ct, stop: false));
            memory = new MemoryReport(MemoryUse.Of(daemon.Pid), null, null);
            var answer = await daemon.Runtime.VersionAsync(new VersionRequest(), cancellationToken: ct);
            version = $"{answer.RuntimeName} {answer.RuntimeVersion} (CRI {answer.RuntimeApiVersion})";
            Console.WriteLine($"   {version}, pid {daemon.Pid}, socket ready in {startups[^1].Socket:0.0} ms");

            await session.PullBaseImagesAsync();
            Step("lifecycles", () => $"{_options.Warmup} warm-up + {_options.Lifecycles} timed");
            (cold, var rssCurve) = await LifecyclePhase.RunAsync(session);
            await Task.Delay(_settle, ct);
            memory = memory with { DaemonAfterLifecycles = MemoryUse.Of(daemon.Pid), DaemonVmRssAfterEachLifecycleMib = rssCurve };
            memory = memory with { MonitorsOnePod = await MonitorProbe.MeasureAsync(session) };
            Step("throughput", () => $"{_options.Rounds} rounds of {_options.Concurrency} pods at once");
            concurrency = await ConcurrencyPhase.RunAsync(session);
            Step("lists", () => $"{_options.ListContainers} containers in pods of {_options.ContainersPerPod}");
            list = await ListPhase.RunAsync(session);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            failure = daemon is { HasExited: true }
                ? $"the daemon exited during the run ({e.Message}); its last output:\n{ProcessRun.Tail(daemon.Output, 3000)}"
                : e is BenchException or OperationFailedException ? e.Message : e.ToString();
            Console.Error.WriteLine($"bench: {spec.Name} failed: {failure}");
        }
        finally
        {
            errorLines = daemon is null ? [] : ErrorLines(daemon.Output);
            leaks = await EndAsync(daemon, session, main, cgroupParent, network, cleanup);
        }

        var operations = session?.Recorder.Summaries([.. LifecyclePhase.Operations, LifecyclePhase.CreateAndStart, LifecyclePhase.Total]) ?? new Dictionary<string, Latency>();
        var report = new ContestantReport(spec.Name, spec.Kind.ToString().ToLowerInvariant(), spec.Build, spec.Executable, spec.Description,
            spec.InfraContainer, version, null, failure,
            startups.Count == 0 ? null : new StartupReport(Latency.Of(startups.Select(s => s.Socket)), Latency.Of(startups.Select(s => s.Status)), Latency.Of(startups.Select(s => s.Rss))),
            memory, operations, cold, concurrency, list, session?.Recorder.Failures ?? [], leaks, cleanup, errorLines, []);
        return report with { Figures = Figures.Of(report, _options) };
    }

    private static void Step(string name, Func<string> detail) => Console.WriteLine($"   {DateTime.Now:HH:mm:ss} {name}: {detail()}");

    /// <summary>Socket-ready time, then Status-ready time, then VmRSS after 2 s idle; stops the daemon unless told not to.</summary>
    private static async Task<(double Socket, double Status, double Rss)> StartupSampleAsync(ICriDaemon daemon, CancellationToken ct, bool stop = true)
    {
        var socket = daemon.SocketReadyTime;
        var status = socket + await Readiness.UntilStatusReadyAsync(daemon, ct);
        await Task.Delay(_settle, ct);
        var rss = MemoryUse.Of(daemon.Pid).VmRssMib;
        if (stop)
        {
            await daemon.StopAsync();
        }

        return (Math.Round(socket.TotalMilliseconds, 2), Math.Round(status.TotalMilliseconds, 2), rss);
    }

    /// <summary>
    /// Removes the daemon's pods through the CRI (untimed, carrying on past errors), checks what they left while the
    /// daemon still runs, stops it, then removes every leftover and the directory. Returns the leaks found.
    /// </summary>
    private static async Task<IReadOnlyList<string>> EndAsync(ICriDaemon? daemon, Session? session, string directory, string cgroupParent,
        BenchNetwork network, List<string> cleanup)
    {
        var leaks = new List<string>();
        if (daemon is not null)
        {
            if (session is not null && !daemon.HasExited)
            {
                try
                {
                    var pods = await daemon.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest(), deadline: DateTime.UtcNow.AddMinutes(1));
                    foreach (var pod in pods.Items)
                    {
                        Console.Error.WriteLine($"bench: cleanup: removing pod {pod.Id} ({pod.Metadata?.Name}, {pod.State}) through the CRI");
                        await session.RemovePodQuietlyAsync(pod.Id);
                    }
                }
                catch (Grpc.Core.RpcException e)
                {
                    Console.Error.WriteLine($"bench: cleanup: ListPodSandbox failed: {e.StatusCode}: {e.Status.Detail}");
                }

                leaks.AddRange(await LeakCheck.RunAsync(daemon, cgroupParent, network));
            }

            try
            {
                await daemon.StopAsync();
            }
            finally
            {
                await daemon.DisposeAsync();
            }
        }

        await LeftoverCleanup.RunAsync(directory, daemon?.RuncRoots ?? [], cgroupParent, network, line =>
        {
            var entry = $"{Path.GetFileName(directory)}: {line}";
            cleanup.Add(entry);
            Console.Error.WriteLine($"bench: cleanup: {entry}");
        });
        WorkDirectory.Remove(directory);
        foreach (var leak in leaks)
        {
            Console.Error.WriteLine($"bench: leak: {leak}");
        }

        return leaks;
    }

    private static IReadOnlyList<string> ErrorLines(string output) =>
        [.. output.Split('\n').Where(l => ErrorLine().IsMatch(l)).Select(l => l.Length > 400 ? l[..400] + "..." : l).Distinct().Take(40)];

    // crisp: .NET's simple console logger, "<timestamp> warn: ..." / "fail:" / "crit:"; containerd: logrus "level=warning/error/fatal".
    [GeneratedRegex(@"(^|\s)(warn|fail|crit):\s|level=(error|warning|fatal|panic)")]
    private static partial Regex ErrorLine();
}

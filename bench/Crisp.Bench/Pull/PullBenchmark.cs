using System.Diagnostics;
using System.Globalization;
using System.Text;
using Crisp.Bench.Contestants;
using Crisp.Bench.Images;
using Crisp.Bench.Infrastructure;
using Crisp.Bench.Registry;
using Crisp.IntegrationTests.Harness.Registry;
using Runtime.V1;

namespace Crisp.Bench.Pull;

/// <summary>
/// Issue 3's benchmark. One run: a docker-registry on 127.0.0.1 with a realistic five-layer image; then, for each
/// iteration and from a cold state each time, crisp (a fresh daemon on a fresh state root, timed from PullImage sent
/// to PullImage answered: fetch, verify, unpack into the overlay layer store, record) and the peer (skopeo copy to an
/// OCI layout, then umoci unpack into a bundle, into a fresh directory). The two alternate which goes first. Prints
/// median/min/max and the ratio of medians, and writes the same as JSON.
/// </summary>
internal sealed class PullBenchmark
{
    private const string Skopeo = "/usr/bin/skopeo";
    private const string Umoci = "/usr/bin/umoci";
    private const string Sync = "/usr/bin/sync";

    private readonly PullOptions _options;

    public PullBenchmark(PullOptions options)
    {
        _options = options;
    }

    public async Task<int> RunAsync(CancellationToken ct)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            throw new BenchException("run it as root (crisp unpacks layers with their owners and device nodes, umoci too)");
        }

        var crisp = FindCrisp();
        foreach (var tool in new[] { Skopeo, Umoci, BenchRegistry.Executable, TestImages.BusyboxHostPath, Sync })
        {
            if (!File.Exists(tool))
            {
                throw new BenchException($"{tool} is missing: apt-get install skopeo umoci docker-registry busybox-static (scripts/deps.sh)");
            }
        }

        var repositoryRoot = FindRepositoryRoot();
        var resultsDirectory = _options.ResultsDirectory
            ?? (repositoryRoot is null ? throw new BenchException("give --results DIR (no repository around the bench)") : Path.Combine(repositoryRoot, "bench", "results"));
        var loadBefore = LoadAverage();

        using var work = WorkDirectory.Acquire(_options.WorkDirectory);
        Console.WriteLine($"bench: work directory {work.RunDirectory}; crisp {crisp}");

        var clock = Stopwatch.StartNew();
        var mixed = BenchImages.App();
        var scenarios = new List<PullScenario>();
        if (_options.Scenario is "all" or "mixed")
        {
            scenarios.Add(new PullScenario("mixed", "4 gzip layers and 1 zstd layer. umoci 0.4.7 (Debian 12) cannot read zstd layers "
                + "(\"blob is not correct mediatype\"), and skopeo 1.9.3's --dest-decompress does nothing for oci: destinations, so the "
                + "peer copies with --dest-compress-format gzip: skopeo recompresses the zstd layer as gzip (keeping the gzip ones) and "
                + "umoci unpacks that. The peer does extra work here; the gzip scenario is the like-for-like comparison.",
                "crisp-bench/app-mixed", mixed, ["--dest-compress-format", "gzip"]));
        }

        if (_options.Scenario is "all" or "gzip")
        {
            scenarios.Add(new PullScenario("gzip", "The same image with the zstd layer recompressed as gzip (same content and diffIDs): "
                + "the peer's natural pipeline, skopeo copy keeping the blobs as they are + umoci unpack.", "crisp-bench/app-gzip",
                BenchImages.AllGzip(mixed), []));
        }

        var warmup = BenchImages.Warmup();
        Console.WriteLine($"bench: built the images in {clock.Elapsed.TotalSeconds:0.0} s");

        await using var registry = await BenchRegistry.StartAsync(work.Combine("registry"), ct);
        clock.Restart();
        foreach (var scenario in scenarios)
        {
            await registry.Pusher.PushImageAsync(scenario.Repository, scenario.Image, BenchImages.AppTag, ct);
        }

        await registry.Pusher.PushImageAsync(BenchImages.WarmupRepository, warmup, BenchImages.WarmupTag, ct);
        var warmupReference = $"{registry.Host}/{BenchImages.WarmupRepository}:{BenchImages.WarmupTag}";
        Console.WriteLine($"bench: docker-registry pid {registry.Pid} on {registry.Host}; pushed in {clock.Elapsed.TotalSeconds:0.0} s");

        var versions = new ToolVersions(
            Crisp: null,
            GitRevision: repositoryRoot is null ? null : await GitRevisionAsync(repositoryRoot, ct),
            Skopeo: await VersionOfAsync(Skopeo, ct),
            Umoci: await VersionOfAsync(Umoci, ct),
            DockerRegistry: await VersionOfAsync(BenchRegistry.Executable, ct),
            Dotnet: Environment.Version.ToString());

        var reports = new List<ScenarioReport>();
        foreach (var scenario in scenarios)
        {
            var (report, crispVersion) = await RunScenarioAsync(scenario, crisp, work, registry, warmupReference, ct);
            versions = versions with { Crisp = versions.Crisp ?? crispVersion };
            reports.Add(report);
        }

        var full = new PullReport(
            Benchmark: "pull",
            Timestamp: DateTimeOffset.UtcNow,
            Machine: new MachineInfo("Linux " + File.ReadAllText("/proc/sys/kernel/osrelease").Trim(), Environment.ProcessorCount, MemoryMib(), loadBefore, LoadAverage()),
            Versions: versions,
            Settings: new PullSettingsUsed(_options.Iterations, _options.Warmup, _options.LogLevel, work.RunDirectory, crisp,
                "alternating: odd iterations crisp first, even iterations the peer first",
                "every iteration: a new crisp daemon on a new state root / a new skopeo+umoci directory; `sync` before each timed pull; "
                + "the page cache is not dropped (the registry's blobs stay cached for both)"),
            Scenarios: reports);

        Console.WriteLine();
        Console.WriteLine($"machine: {full.Machine.Cpus} CPUs, {full.Machine.MemoryMib} MiB, {full.Machine.Kernel}; load average before {loadBefore}, after {full.Machine.LoadAverageAfter}");
        Console.WriteLine($"versions: {versions.Crisp} ({versions.GitRevision}); {versions.Skopeo}; {versions.Umoci}");
        foreach (var report in reports)
        {
            Console.WriteLine($"summary [{report.Name}]: {report.Ratios.Summary}");
        }

        Directory.CreateDirectory(resultsDirectory);
        var path = Path.Combine(resultsDirectory, $"pull-{full.Timestamp.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.json");
        await File.WriteAllTextAsync(path, PullReportJsonContext.Serialize(full) + "\n", CancellationToken.None);
        Console.WriteLine($"results: {path}");
        return 0;
    }

    private async Task<(ScenarioReport Report, string? CrispVersion)> RunScenarioAsync(PullScenario scenario, string crisp, WorkDirectory work,
        BenchRegistry registry, string warmupReference, CancellationToken ct)
    {
        var reference = $"{registry.Host}/{scenario.Repository}:{BenchImages.AppTag}";
        var image = Describe(scenario.Image) with { Reference = reference };
        Console.WriteLine();
        Console.WriteLine($"scenario {scenario.Name}: {reference}, {image.Layers.Count} layers, {BenchImages.Mib(image.CompressedBytes)} compressed, "
            + $"{BenchImages.Mib(image.UncompressedBytes)} uncompressed");
        foreach (var layer in image.Layers)
        {
            Console.WriteLine($"    {layer.MediaType,-44} {BenchImages.Mib(layer.CompressedBytes),10} -> {BenchImages.Mib(layer.UncompressedBytes),10}, {layer.Entries,5} entries");
        }

        Console.WriteLine($"    {scenario.Description}");
        var notes = new List<string>();
        var crispSamples = new List<CrispSample>();
        var peerSamples = new List<PeerSample>();
        TreeCount? crispCount = null;
        TreeCount? umociCount = null;
        string? crispVersion = null;
        for (var i = 1; i <= _options.Iterations; i++)
        {
            ct.ThrowIfCancellationRequested();
            var count = i == 1;
            CrispRun crispRun;
            PeerRun peerRun;
            if (i % 2 == 1)
            {
                crispRun = await RunCrispAsync(scenario, i, crisp, work, registry, reference, warmupReference, count, notes, ct);
                peerRun = await RunPeerAsync(scenario, i, work, registry, reference, count, ct);
            }
            else
            {
                peerRun = await RunPeerAsync(scenario, i, work, registry, reference, count, ct);
                crispRun = await RunCrispAsync(scenario, i, crisp, work, registry, reference, warmupReference, count, notes, ct);
            }

            crispCount ??= crispRun.Count;
            umociCount ??= peerRun.Count;
            crispVersion ??= crispRun.Version;
            var c = crispRun.Sample;
            var p = peerRun.Sample;
            crispSamples.Add(c);
            peerSamples.Add(p);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  iteration {i}/{_options.Iterations}: crisp {c.PullMs,7:0.0} ms"
                + $" (daemon start {c.DaemonStartMs:0} ms{(c.WarmupPullMs is { } w ? $", warm-up pull {w:0} ms" : "")})"
                + $"   skopeo {p.SkopeoCopyMs,7:0.0} ms + umoci {p.UmociUnpackMs,7:0.0} ms = {p.TotalMs,7:0.0} ms"));
        }

        var results = new PullResults(
            Crisp: Summary.Of(crispSamples.Select(s => s.PullMs)),
            SkopeoCopy: Summary.Of(peerSamples.Select(s => s.SkopeoCopyMs)),
            UmociUnpack: Summary.Of(peerSamples.Select(s => s.UmociUnpackMs)),
            SkopeoPlusUmoci: Summary.Of(peerSamples.Select(s => s.TotalMs)),
            CrispDaemonStart: Summary.Of(crispSamples.Select(s => s.DaemonStartMs)),
            CrispWarmupPull: _options.Warmup ? Summary.Of(crispSamples.Select(s => s.WarmupPullMs ?? double.NaN)) : null);
        var overPeer = results.Crisp.MedianMs / results.SkopeoPlusUmoci.MedianMs;
        var overSkopeo = results.Crisp.MedianMs / results.SkopeoCopy.MedianMs;
        var ratios = new PullRatios(Math.Round(overPeer, 3), Math.Round(overSkopeo, 3), Ratio.Describe("crisp", "skopeo+umoci", overPeer));
        CheckTraffic(image, crispSamples, peerSamples, notes);
        var counts = crispCount is not null && umociCount is not null
            ? new FileCounts(crispCount, umociCount, "overlay mount of the image's layer diff directories in crisp's store", "umoci unpack's bundle/rootfs")
            : null;
        if (counts is not null && counts.Crisp != counts.Umoci)
        {
            notes.Add($"the unpacked trees differ: crisp {counts.Crisp}; umoci {counts.Umoci}");
        }

        var report = new ScenarioReport(scenario.Name, scenario.Description, PeerCommand(scenario, reference, "DIR"), image, results, ratios,
            crispSamples, peerSamples, counts, notes);
        Print(report, _options);
        return (report, crispVersion);
    }

    private async Task<CrispRun> RunCrispAsync(PullScenario scenario, int iteration, string crisp, WorkDirectory work, BenchRegistry registry,
        string reference, string warmupReference, bool count, List<string> notes, CancellationToken ct)
    {
        var directory = work.Combine($"crisp-{scenario.Name}-{iteration}");
        var merged = directory + "-merged";
        try
        {
            CrispSample sample;
            string version;
            string[] layerDirectories;
            await using (var daemon = await CrispDaemonProcess.StartAsync(crisp, directory, registry.Host, _options.LogLevel, ct))
            {
                var answer = await daemon.Runtime.VersionAsync(new VersionRequest(), cancellationToken: ct);
                version = $"{answer.RuntimeName} {answer.RuntimeVersion} (CRI {answer.RuntimeApiVersion})";
                double? warmupMs = null;
                if (_options.Warmup)
                {
                    var warm = Stopwatch.StartNew();
                    await daemon.Images.PullImageAsync(Pull(warmupReference), deadline: DateTime.UtcNow.AddMinutes(5), cancellationToken: ct);
                    warmupMs = warm.Elapsed.TotalMilliseconds;
                }

                await FlushAsync(ct);
                var mark = registry.LogMark;
                var clock = Stopwatch.StartNew();
                var response = await daemon.Images.PullImageAsync(Pull(reference), deadline: DateTime.UtcNow.AddMinutes(10), cancellationToken: ct);
                clock.Stop();
                var traffic = await registry.TrafficSince(mark);

                var expectedRef = $"{registry.Host}/{scenario.Repository}@{scenario.Image.Digest}";
                if (response.ImageRef != expectedRef)
                {
                    Note(notes, $"crisp iteration {iteration}: PullImage answered image_ref {response.ImageRef}, expected {expectedRef}");
                }

                var status = await daemon.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = reference } }, cancellationToken: ct);
                if (status.Image?.Id != Digests.Hex(scenario.Image.Id))
                {
                    throw new BenchException($"crisp iteration {iteration}: ImageStatus after the pull shows {status.Image?.Id ?? "no image"}, expected {Digests.Hex(scenario.Image.Id)}");
                }

                sample = new CrispSample(iteration, Math.Round(clock.Elapsed.TotalMilliseconds, 1), Math.Round(daemon.StartTime.TotalMilliseconds, 1),
                    warmupMs is { } w ? Math.Round(w, 1) : null, response.ImageRef, traffic);
                layerDirectories = ChainIds(scenario.Image.DiffIds).Select(c => Path.Combine(daemon.Root, "overlay", Digests.Hex(c), "diff")).ToArray();
                await daemon.StopAsync();
            }

            var missing = layerDirectories.Where(d => !Directory.Exists(d)).ToArray();
            if (missing.Length > 0)
            {
                throw new BenchException($"crisp iteration {iteration}: the layer store lacks {string.Join(", ", missing)}");
            }

            TreeCount? tree = null;
            if (count)
            {
                using var view = OverlayView.Mount(layerDirectories, merged);
                tree = TreeCount.Of(view.MountPoint);
            }

            return new CrispRun(sample, tree, version);
        }
        finally
        {
            WorkDirectory.Remove(merged);
            WorkDirectory.Remove(directory);
        }
    }

    private static async Task<PeerRun> RunPeerAsync(PullScenario scenario, int iteration, WorkDirectory work, BenchRegistry registry, string reference,
        bool count, CancellationToken ct)
    {
        var directory = work.Combine($"peer-{scenario.Name}-{iteration}");
        try
        {
            Directory.CreateDirectory(directory);
            var (layout, bundle) = PeerPaths(directory);
            var environment = new Dictionary<string, string> { ["TMPDIR"] = directory };
            await FlushAsync(ct);
            var mark = registry.LogMark;
            var clock = Stopwatch.StartNew();
            var skopeo = (await ChildProcess.RunAsync(Skopeo, SkopeoArgs(scenario, reference, layout), ct, directory, environment)).EnsureSuccess();
            var umoci = (await ChildProcess.RunAsync(Umoci, UmociArgs(layout, bundle), ct, directory, environment)).EnsureSuccess();
            clock.Stop();
            var traffic = await registry.TrafficSince(mark);
            var tree = count ? TreeCount.Of(Path.Combine(bundle, "rootfs")) : null;
            var sample = new PeerSample(iteration, Math.Round(skopeo.Elapsed.TotalMilliseconds, 1), Math.Round(umoci.Elapsed.TotalMilliseconds, 1),
                Math.Round(clock.Elapsed.TotalMilliseconds, 1), traffic);
            return new PeerRun(sample, tree);
        }
        finally
        {
            WorkDirectory.Remove(directory);
        }
    }

    private static (string Layout, string Bundle) PeerPaths(string directory) =>
        ($"{Path.Combine(directory, "oci")}:{BenchImages.AppTag}", Path.Combine(directory, "bundle"));

    private static string[] SkopeoArgs(PullScenario scenario, string reference, string layout) =>
        ["--insecure-policy", "copy", "--quiet", "--src-tls-verify=false", "--src-no-creds", .. scenario.SkopeoExtraArgs, $"docker://{reference}", $"oci:{layout}"];

    private static string[] UmociArgs(string layout, string bundle) => ["unpack", "--image", layout, bundle];

    private static string PeerCommand(PullScenario scenario, string reference, string directory)
    {
        var (layout, bundle) = PeerPaths(directory);
        return $"skopeo {string.Join(' ', SkopeoArgs(scenario, reference, layout))} && umoci {string.Join(' ', UmociArgs(layout, bundle))}";
    }

    private static PullImageRequest Pull(string reference) => new() { Image = new ImageSpec { Image = reference } };

    /// <summary>Writes back what earlier iterations left dirty (and their deletions), so that the timed run does not pay for them.</summary>
    private static async Task FlushAsync(CancellationToken ct) => (await ChildProcess.RunAsync(Sync, [], ct)).EnsureSuccess();

    /// <summary>OCI chain IDs: ChainID(L0) = DiffID(L0); ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln)).</summary>
    private static IReadOnlyList<string> ChainIds(IReadOnlyList<string> diffIds)
    {
        var chain = new List<string>(diffIds.Count);
        foreach (var diffId in diffIds)
        {
            chain.Add(chain.Count == 0 ? diffId : Digests.Sha256(Encoding.ASCII.GetBytes($"{chain[^1]} {diffId}")));
        }

        return chain;
    }

    private static ImageInfo Describe(TestImage image)
    {
        var layers = image.Layers.Select(l => new LayerInfo(l.MediaType(image.Format), l.Digest, l.DiffId, l.Size, l.Tar.Length, l.EntryNames.Count)).ToArray();
        return new ImageInfo("", image.Digest, image.Id, layers, layers.Sum(l => l.CompressedBytes), layers.Sum(l => l.UncompressedBytes),
            image.Manifest.Size + image.ConfigBlob.Size);
    }

    private static void CheckTraffic(ImageInfo image, IReadOnlyList<CrispSample> crisp, IReadOnlyList<PeerSample> peer, List<string> notes)
    {
        foreach (var (name, traffic) in crisp.Select(s => ($"crisp iteration {s.Iteration}", s.Traffic))
            .Concat(peer.Select(s => ($"skopeo iteration {s.Iteration}", s.Traffic))))
        {
            if (traffic.BlobBytes < image.CompressedBytes)
            {
                Note(notes, $"{name}: the registry's access log shows {traffic.BlobBytes} bytes of blobs served, less than the {image.CompressedBytes} bytes of layers");
            }
        }
    }

    private static void Note(List<string> notes, string note)
    {
        notes.Add(note);
        Console.Error.WriteLine($"bench: note: {note}");
    }

    private static void Print(ScenarioReport report, PullOptions options)
    {
        var r = report.Results;
        var crispFirst = report.CrispIterations.FirstOrDefault();
        var peerFirst = report.PeerIterations.FirstOrDefault();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"  [{report.Name}] {report.Image.Layers.Count} layers, {report.Image.CompressedBytes:N0} bytes compressed, "
            + $"{report.Image.UncompressedBytes:N0} uncompressed; {options.Iterations} cold iterations each; "
            + $"{(options.Warmup ? "each crisp daemon warmed up by a small unrelated pull" : "crisp daemons not warmed up")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"    crisp PullImage        {r.Crisp}");
        text.AppendLine(CultureInfo.InvariantCulture, $"    skopeo copy            {r.SkopeoCopy}");
        text.AppendLine(CultureInfo.InvariantCulture, $"    umoci unpack           {r.UmociUnpack}");
        text.AppendLine(CultureInfo.InvariantCulture, $"    skopeo + umoci         {r.SkopeoPlusUmoci}");
        text.AppendLine(CultureInfo.InvariantCulture, $"    (crisp daemon start    {r.CrispDaemonStart}; not part of the pull time)");
        text.AppendLine($"    {report.Ratios.Summary}");
        text.AppendLine($"    {Ratio.Describe("crisp", "skopeo copy alone", report.Ratios.CrispOverSkopeoCopy)}   (skopeo alone does not unpack)");
        if (crispFirst is not null && peerFirst is not null)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    bytes pulled (iteration 1, registry access log): crisp {crispFirst.Traffic.Bytes:N0} in {crispFirst.Traffic.Requests} requests, "
                + $"skopeo {peerFirst.Traffic.Bytes:N0} in {peerFirst.Traffic.Requests} requests (layers: {report.Image.CompressedBytes:N0})");
        }

        if (report.FileCounts is { } counts)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    unpacked tree, crisp (overlay of its layer dirs): {counts.Crisp}");
            text.AppendLine(CultureInfo.InvariantCulture, $"    unpacked tree, umoci (bundle/rootfs):            {counts.Umoci}");
        }

        foreach (var note in report.Notes)
        {
            text.AppendLine($"    note: {note}");
        }

        Console.Write(text.ToString());
    }

    private string FindCrisp()
    {
        var path = _options.CrispExecutable ?? Environment.GetEnvironmentVariable("CRISP_BINARY");
        if (string.IsNullOrEmpty(path))
        {
            var root = FindRepositoryRoot() ?? throw new BenchException("give --crisp PATH (no repository around the bench)");
            path = Path.Combine(root, "src", "Crisp.Daemon", "bin", "Release", "net10.0", "crisp");
        }

        path = Path.GetFullPath(path);
        return File.Exists(path) ? path : throw new BenchException($"the crisp executable is not at {path}: build it (dotnet build src/Crisp.Daemon -c Release) or give --crisp");
    }

    private static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "crisp.slnx")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static string LoadAverage() => File.ReadAllText("/proc/loadavg").Trim();

    private static long MemoryMib()
    {
        var total = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var kib = total?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        return kib is null ? 0 : long.Parse(kib, CultureInfo.InvariantCulture) / 1024;
    }

    private static async Task<string?> VersionOfAsync(string tool, CancellationToken ct)
    {
        try
        {
            var run = await ChildProcess.RunAsync(tool, ["--version"], ct);
            return run.ExitCode == 0 ? run.Output.Trim() : null;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static async Task<string?> GitRevisionAsync(string repositoryRoot, CancellationToken ct)
    {
        try
        {
            var head = await ChildProcess.RunAsync("git", ["-C", repositoryRoot, "rev-parse", "--short", "HEAD"], ct);
            if (head.ExitCode != 0)
            {
                return null;
            }

            var status = await ChildProcess.RunAsync("git", ["-C", repositoryRoot, "status", "--porcelain", "--untracked-files=no"], ct);
            return head.Output.Trim() + (status.ExitCode == 0 && status.Output.Trim().Length > 0 ? "-dirty" : "");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}

/// <summary>An image both contestants pull, and how the peer is told to copy it.</summary>
internal sealed record PullScenario(string Name, string Description, string Repository, TestImage Image, IReadOnlyList<string> SkopeoExtraArgs);

internal sealed record CrispRun(CrispSample Sample, TreeCount? Count, string Version);

internal sealed record PeerRun(PeerSample Sample, TreeCount? Count);

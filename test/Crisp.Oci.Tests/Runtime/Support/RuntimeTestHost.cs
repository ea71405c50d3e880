using System.Text.Json.Nodes;
using Crisp.Linux;
using Crisp.Oci.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crisp.Oci.Tests.Runtime.Support;

/// <summary>
/// A private world for one test: its own runc root, exits, persist, socket and scratch directories under a
/// fresh temp directory, and a <see cref="ConmonRuncRuntime"/> over the real conmon and runc. Disposing it
/// force-deletes every container it made, kills conmons it started that are still alive, removes their
/// cgroups and the temp directory — also when the test failed.
/// </summary>
internal sealed class RuntimeTestHost : IAsyncDisposable
{
    private readonly List<string> _ids = [];
    private readonly List<int> _monitorPids = [];

    public RuntimeTestHost(Func<ConmonRuncOptions, ConmonRuncOptions>? configure = null)
    {
        Root = Directory.CreateTempSubdirectory("crisp-oci-").FullName;
        var options = new ConmonRuncOptions
        {
            ConmonPath = ProcessSpawner.ResolveExecutable("conmon"),
            RuntimePath = ProcessSpawner.ResolveExecutable("runc"),
            RuntimeRoot = Path.Combine(Root, "runc"),
            ExitsDirectory = Path.Combine(Root, "exits"),
            PersistRoot = Path.Combine(Root, "persist"),
            AttachSocketDirectory = Path.Combine(Root, "sock"),
            ExecScratchDirectory = Path.Combine(Root, "exec"),
            LogLevel = "debug",
            Syslog = false,
            CreateTimeout = TimeSpan.FromSeconds(60),
            CommandTimeout = TimeSpan.FromSeconds(60),
        };
        Options = configure?.Invoke(options) ?? options;
        Runtime = new ConmonRuncRuntime(Options, NullLogger<ConmonRuncRuntime>.Instance);
    }

    public string Root { get; }

    public ConmonRuncOptions Options { get; }

    public ConmonRuncRuntime Runtime { get; }

    public static string NewId() => "t" + Guid.NewGuid().ToString("N")[..16];

    public string Bundle(string id) => Path.Combine(Root, "bundles", id);

    public string LogPath(string id) => Path.Combine(Root, "logs", id + ".log");

    public ExitMonitor NewExitMonitor(TimeSpan? rescan = null) =>
        new(new ExitMonitorOptions { ExitsDirectory = Options.ExitsDirectory, PersistRoot = Options.PersistRoot, RescanInterval = rescan ?? TimeSpan.FromSeconds(1) }, NullLogger<ExitMonitor>.Instance);

    /// <summary>Writes a busybox bundle for <paramref name="id"/> and tracks the id for cleanup.</summary>
    public ContainerCreateOptions Prepare(string id, IReadOnlyList<string> args, Action<JsonObject>? customize = null)
    {
        lock (_ids)
        {
            _ids.Add(id);
        }

        BusyboxBundle.Create(Bundle(id), id, args, customize);
        return new ContainerCreateOptions { Id = id, BundleDirectory = Bundle(id), LogPath = LogPath(id) };
    }

    /// <summary>Prepares and creates a container.</summary>
    public async Task<CreatedContainer> CreateAsync(string id, IReadOnlyList<string> args, Action<JsonObject>? customize = null)
    {
        var created = await Runtime.CreateAsync(Prepare(id, args, customize), TestContext.Current.CancellationToken);
        lock (_monitorPids)
        {
            _monitorPids.Add(created.MonitorPid);
        }

        return created;
    }

    /// <summary>Creates and starts a container.</summary>
    public async Task<CreatedContainer> RunAsync(string id, IReadOnlyList<string> args, Action<JsonObject>? customize = null)
    {
        var created = await CreateAsync(id, args, customize);
        await Runtime.StartAsync(id, TestContext.Current.CancellationToken);
        return created;
    }

    /// <summary>Waits for conmon's exit file and reads it.</summary>
    public async Task<ContainerExit> WaitForExitFileAsync(string id, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < until)
        {
            if (ContainerExit.TryRead(Options.ExitsDirectory, Options.PersistRoot, id) is { } exit)
            {
                return exit;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"no exit file for {id}");
    }

    /// <summary>Runs runc directly (not through the code under test) and returns stdout.</summary>
    public async Task<string> RuncAsync(params string[] args)
    {
        var argv = new List<string> { Options.RuntimePath, "--root", Options.RuntimeRoot };
        argv.AddRange(args);
        var result = await NativeCommand.RunAsync(Options.RuntimePath, argv, ["PATH=/usr/sbin:/usr/bin:/sbin:/bin"], null, TimeSpan.FromSeconds(60), 1 << 20, TimeProvider.System, CancellationToken.None);
        return System.Text.Encoding.UTF8.GetString(result.Stdout);
    }

    public async ValueTask DisposeAsync()
    {
        string[] ids;
        lock (_ids)
        {
            ids = [.. _ids];
        }

        foreach (var id in ids)
        {
            await RuncAsync("delete", "--force", id);
            if (CanonicalMonitorPid(id) is { } pid)
            {
                lock (_monitorPids)
                {
                    _monitorPids.Add(pid);
                }
            }
        }

        foreach (var pid in _monitorPids.Distinct())
        {
            using var monitor = PidFd.TryOpen(pid);
            if (monitor is not null && File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").Contains(Root, StringComparison.Ordinal)
                && !monitor.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                monitor.Signal(Processes.SigKill);
                monitor.WaitForExit(TimeSpan.FromSeconds(5));
            }
        }

        foreach (var id in ids)
        {
            CgroupCleanup.Remove(BusyboxBundle.CgroupsPath(id));
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A socket or fifo held by a dying conmon; the temp directory is unique, so a leftover is harmless.
        }
    }

    private int? CanonicalMonitorPid(string id) =>
        int.TryParse(File.Exists(Path.Combine(Bundle(id), "conmon-pidfile")) ? File.ReadAllText(Path.Combine(Bundle(id), "conmon-pidfile")).Trim() : "", out var pid) ? pid : null;
}

/// <summary>Removes test cgroups from every hierarchy (rmdir; cgroup directories cannot be emptied file by file).</summary>
internal static class CgroupCleanup
{
    public static IEnumerable<string> Directories(string path) =>
        Directory.EnumerateDirectories("/sys/fs/cgroup").Select(hierarchy => Path.Combine(hierarchy, path.Trim('/')));

    public static void Remove(string path)
    {
        foreach (var directory in Directories(path).Where(Directory.Exists))
        {
            foreach (var child in Directory.EnumerateDirectories(directory))
            {
                TryRemove(child);
            }

            TryRemove(directory);
        }
    }

    public static void RemoveIfEmpty(string path)
    {
        foreach (var directory in Directories(path).Where(Directory.Exists))
        {
            TryRemove(directory);
        }
    }

    private static void TryRemove(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: false);
        }
        catch (IOException)
        {
            // Busy (still has processes or children of another test) or already gone.
        }
    }
}

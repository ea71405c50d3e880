using System.Net.Sockets;
using System.Text;
using Crisp.Linux;

namespace Crisp.Bench.Infrastructure;

/// <summary>
/// The bench's scratch space: a fixed directory (default /var/tmp/crisp-bench) holding <c>bench.lock</c> (flock, held
/// while a bench runs) and one <c>run-&lt;pid&gt;</c> directory per run. A fixed place means a run that was killed
/// leaves its leftovers where the next run finds them. Taking it refuses when another bench holds the lock, or when
/// a process (a crisp daemon, containerd, a registry, skopeo, umoci) still uses a path under it: its state-root and
/// socket locks are held, a socket under it accepts connections, or its command line names the directory. Otherwise
/// leftovers are unmounted and removed.
/// </summary>
internal sealed class WorkDirectory : IDisposable
{
    private const string LockName = "bench.lock";

    private readonly FileLock _lock;
    private bool _disposed;

    private WorkDirectory(string root, FileLock fileLock, string runDirectory)
    {
        Root = root;
        _lock = fileLock;
        RunDirectory = runDirectory;
    }

    /// <summary>The fixed directory.</summary>
    public string Root { get; }

    /// <summary>This run's directory under <see cref="Root"/>; everything the run creates is below it.</summary>
    public string RunDirectory { get; }

    public string Combine(params string[] parts) => Path.Combine([RunDirectory, .. parts]);

    public static WorkDirectory Acquire(string root)
    {
        root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (root == "/" || root.Count(c => c == '/') < 2)
        {
            throw new BenchException($"refusing to use {root} as the bench directory: give a dedicated directory such as /var/tmp/crisp-bench");
        }

        Directory.CreateDirectory(root);
        var lockPath = Path.Combine(root, LockName);
        var fileLock = FileLock.TryAcquire(lockPath)
            ?? throw new BenchException($"{root} is in use by another crisp-bench (pid {FileLock.ReadHolder(lockPath)?.ToString() ?? "unknown"}); lock file {lockPath}");
        try
        {
            RefuseIfOwned(root);
            RemoveLeftovers(root);
            var run = Path.Combine(root, $"run-{Environment.ProcessId}");
            Directory.CreateDirectory(run);
            return new WorkDirectory(root, fileLock, run);
        }
        catch
        {
            fileLock.Dispose();
            throw;
        }
    }

    /// <summary>Unmounts anything mounted at or below <paramref name="directory"/> (deepest first), then deletes it.</summary>
    public static void Remove(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        UnmountUnder(directory);
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>Unmounts everything at or below <paramref name="directory"/>, deepest first (lazily when busy).</summary>
    public static void UnmountUnder(string directory)
    {
        foreach (var mountPoint in MountTable.MountPointsUnder(directory).OrderByDescending(m => m.Length))
        {
            Console.Error.WriteLine($"bench: unmounting {mountPoint}");
            MountCalls.Unmount(mountPoint);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            Remove(RunDirectory);
            // Remove the lock file while still holding it, then the directory if nothing else is left in it.
            File.Delete(Path.Combine(Root, LockName));
            if (!Directory.EnumerateFileSystemEntries(Root).Any())
            {
                Directory.Delete(Root);
            }
        }
        finally
        {
            _lock.Dispose();
        }
    }

    private static void RefuseIfOwned(string root)
    {
        var problems = new List<string>();

        // A crisp daemon holds <root>/crisp.lock and <socket>.lock for its lifetime (DaemonLocks).
        var lockFiles = Directory.EnumerateFiles(root, "*.lock", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Where(f => Path.GetFileName(f) != LockName || Path.GetDirectoryName(f) != root);
        foreach (var path in lockFiles)
        {
            FileLock? probe;
            try
            {
                probe = FileLock.TryAcquire(path);
            }
            catch (IOException)
            {
                continue;
            }

            if (probe is null)
            {
                problems.Add($"{path} is locked by pid {FileLock.ReadHolder(path)?.ToString() ?? "unknown"} (a crisp daemon)");
            }
            else
            {
                probe.Dispose();
            }
        }

        // A Unix socket that accepts a connection: a daemon (crisp, containerd, a shim) still serves on it.
        var sockets = Directory.EnumerateFiles(root, "*.sock", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 });
        foreach (var path in sockets)
        {
            if (IsLive(path))
            {
                problems.Add($"{path} is a live socket (a daemon accepts connections on it)");
            }
        }

        // Any other process whose command line names the directory (a registry, skopeo, umoci, a daemon).
        foreach (var (pid, commandLine) in ProcessesNaming(root))
        {
            problems.Add($"pid {pid} uses it: {commandLine}");
        }

        if (problems.Count > 0)
        {
            throw new BenchException(
                $"{root} is still in use, so this run will not touch it; stop these processes (or pass another --workdir):\n  "
                + string.Join("\n  ", problems));
        }
    }

    private static bool IsLive(string socketPath)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            return true;
        }
        catch (SocketException)
        {
            return false; // ECONNREFUSED: a stale socket file; ENOENT: gone meanwhile.
        }
    }

    private static IEnumerable<(int Pid, string CommandLine)> ProcessesNaming(string root)
    {
        var self = Environment.ProcessId;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == self)
            {
                continue;
            }

            string commandLine;
            try
            {
                commandLine = Encoding.UTF8.GetString(File.ReadAllBytes(Path.Combine(dir, "cmdline"))).Replace('\0', ' ').Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue; // It exited meanwhile.
            }

            if (commandLine.Contains(root + "/", StringComparison.Ordinal))
            {
                yield return (pid, commandLine);
            }
        }
    }

    private static void RemoveLeftovers(string root)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(root))
        {
            if (Path.GetFileName(entry) == LockName)
            {
                continue;
            }

            Console.Error.WriteLine($"bench: removing the leftovers of an earlier run: {entry}");
            if (Directory.Exists(entry) && !File.GetAttributes(entry).HasFlag(FileAttributes.ReparsePoint))
            {
                Remove(entry);
            }
            else
            {
                File.Delete(entry);
            }
        }
    }
}

/// <summary>A failure the bench explains in its message (printed without a stack trace).</summary>
internal sealed class BenchException(string message) : Exception(message);

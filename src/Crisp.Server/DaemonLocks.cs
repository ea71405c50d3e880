using Crisp.Linux;

namespace Crisp.Server;

/// <summary>
/// The locks that keep two daemons off the same state root or socket. Held for the daemon's lifetime;
/// the kernel drops them when the process dies, so a crash never leaves a stale lock behind.
/// </summary>
internal sealed class DaemonLocks : IDisposable
{
    public const string LockFileName = "crisp.lock";

    private readonly List<FileLock> _held = [];

    private DaemonLocks()
    {
    }

    public static DaemonLocks Acquire(string root, string socketPath)
    {
        var locks = new DaemonLocks();
        try
        {
            locks.Take(Path.Combine(root, LockFileName), $"state root {root}");
            locks.Take(socketPath + ".lock", $"socket {socketPath}");
            return locks;
        }
        catch
        {
            locks.Dispose();
            throw;
        }
    }

    private void Take(string path, string what)
    {
        FileLock? taken;
        try
        {
            taken = FileLock.TryAcquire(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DaemonStartupException($"cannot lock the {what}: {e.Message}", e);
        }

        if (taken is null)
        {
            var holder = FileLock.ReadHolder(path);
            var who = holder is null ? "another crisp daemon" : $"another crisp daemon (pid {holder})";
            throw new DaemonStartupException($"the {what} is in use by {who}; lock file {path}");
        }

        _held.Add(taken);
    }

    public void Dispose()
    {
        foreach (var held in _held)
        {
            held.Dispose();
        }

        _held.Clear();
    }
}

using Microsoft.Win32.SafeHandles;

namespace Crisp.Linux;

/// <summary>
/// Runs code inside another namespace on a thread of its own. setns(2) moves only the calling thread, so the
/// work runs on a new dedicated thread that enters the namespace first and then ends with the work: it never
/// returns to a pool in the wrong namespace. Keep the work short and synchronous (no <c>await</c>).
/// </summary>
public static class NamespaceThread
{
    /// <summary>CLONE_NEWNET: a network namespace.</summary>
    public const int Network = 0x40000000;

    /// <summary>
    /// Opens <paramref name="namespacePath"/> (a pinned namespace or <c>/proc/&lt;pid&gt;/ns/…</c>), enters it with
    /// setns(<paramref name="namespaceType"/>) and runs <paramref name="work"/> there. Failures to open or enter
    /// surface as <see cref="SystemCallException"/>; the work's own exceptions pass through.
    /// </summary>
    public static Task<T> RunAsync<T>(string namespacePath, int namespaceType, Func<T> work)
    {
        ArgumentException.ThrowIfNullOrEmpty(namespacePath);
        ArgumentNullException.ThrowIfNull(work);
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                Enter(namespacePath, namespaceType);
                result.SetResult(work());
            }
            catch (Exception e)
            {
                result.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "crisp-namespace",
        };
        thread.Start();
        return result.Task;
    }

    private static void Enter(string namespacePath, int namespaceType)
    {
        var fd = Libc.Open(namespacePath, Libc.ORdonly | Libc.OCloexec, 0);
        if (fd < 0)
        {
            throw SystemCallException.Last("open", namespacePath);
        }

        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        if (Libc.SetNs(handle, namespaceType) != 0)
        {
            throw SystemCallException.Last("setns", namespacePath);
        }
    }
}

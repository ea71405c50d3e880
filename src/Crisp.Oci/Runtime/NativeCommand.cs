using System.Runtime.InteropServices;
using Crisp.Linux;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Oci.Runtime;

/// <summary>The result of one <see cref="NativeCommand"/> run. <see cref="Status"/> is null if someone else reaped the child.</summary>
internal sealed record CommandResult(WaitStatus? Status, byte[] Stdout, byte[] Stderr, bool TimedOut)
{
    public bool Succeeded => !TimedOut && Status is { Exited: true, ExitCode: 0 };
}

/// <summary>
/// Runs a program to completion through <see cref="ProcessSpawner"/> with stdout and stderr captured, an
/// optional stdin payload and a timeout after which the program is SIGKILLed.
/// </summary>
internal static class NativeCommand
{
    /// <summary>How long output may keep flowing after the program exited (a grandchild may hold the pipe).</summary>
    private static readonly TimeSpan _outputGrace = TimeSpan.FromSeconds(5);

    public static async Task<CommandResult> RunAsync(
        string path,
        IReadOnlyList<string> arguments,
        IReadOnlyList<string> environment,
        byte[]? stdin,
        TimeSpan timeout,
        int maxOutputBytes,
        TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var (outRead, outWrite) = Pipes.Create();
        var (errRead, errWrite) = Pipes.Create();
        SafeFileHandle? inRead = null;
        SafeFileHandle? inWrite = null;
        if (stdin is not null)
        {
            (inRead, inWrite) = Pipes.Create();
        }

        using var readCancel = new CancellationTokenSource();
        using (outRead)
        using (errRead)
        using (inWrite)
        {
            int pid;
            using (outWrite)
            using (errWrite)
            using (inRead)
            {
                var descriptors = new Dictionary<int, SafeHandle> { [1] = outWrite, [2] = errWrite };
                if (inRead is not null)
                {
                    descriptors[0] = inRead;
                }

                pid = ProcessSpawner.Spawn(new SpawnRequest { Path = path, Arguments = arguments, Environment = environment, Descriptors = descriptors });
            }

            var stdoutTask = Pipes.ReadToEndAsync(outRead, maxOutputBytes, readCancel.Token);
            var stderrTask = Pipes.ReadToEndAsync(errRead, maxOutputBytes, readCancel.Token);
            var stdinTask = inWrite is null ? Task.CompletedTask : WriteStdinAsync(inWrite, stdin!);
            var (status, timedOut) = await WaitAsync(pid, timeout, timeProvider, cancellationToken).ConfigureAwait(false);

            readCancel.CancelAfter(_outputGrace);
            await stdinTask.ConfigureAwait(false);
            var stdout = await ReadOrEmptyAsync(stdoutTask).ConfigureAwait(false);
            var stderr = await ReadOrEmptyAsync(stderrTask).ConfigureAwait(false);
            return new CommandResult(status, stdout, stderr, timedOut);
        }
    }

    /// <summary>Waits for the child; on timeout or cancellation it is killed and still reaped.</summary>
    private static async Task<(WaitStatus? Status, bool TimedOut)> WaitAsync(int pid, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        try
        {
            return (await ProcessReaper.WaitAsync(pid, linked.Token).ConfigureAwait(false), false);
        }
        catch (OperationCanceledException)
        {
            Processes.Signal(pid, Processes.SigKill);
            var status = await ProcessReaper.WaitAsync(pid, CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return (status, true);
        }
    }

    private static Task WriteStdinAsync(SafeFileHandle pipe, byte[] data) =>
        Task.Factory.StartNew(
            () =>
            {
                try
                {
                    Pipes.WriteAll(pipe, data);
                }
                catch (SystemCallException)
                {
                    // The program exited without reading all of its input (EPIPE); its exit status tells the story.
                }
                finally
                {
                    pipe.Dispose();
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    private static async Task<byte[]> ReadOrEmptyAsync(Task<byte[]> read)
    {
        try
        {
            return await read.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return [];
        }
    }
}

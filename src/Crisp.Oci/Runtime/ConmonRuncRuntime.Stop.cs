using Crisp.Linux;

namespace Crisp.Oci.Runtime;

public sealed partial class ConmonRuncRuntime
{
    /// <summary>How long SIGKILL is retried before a stop gives up (a process stuck in D state).</summary>
    private static readonly TimeSpan _killPatience = TimeSpan.FromMinutes(1);

    /// <summary>How long a stop waits for conmon to write the exit file once the process is gone.</summary>
    private static readonly TimeSpan _exitFilePatience = TimeSpan.FromSeconds(5);

    public async Task StopAsync(string id, TimeSpan timeout, int stopSignal = 15, CancellationToken cancellationToken = default)
    {
        ValidateId(id);
        var state = await StateAsync(id, cancellationToken).ConfigureAwait(false);
        if (state is null || state.Status == OciContainerStatus.Stopped || state.Pid <= 0)
        {
            return;
        }

        // A pidfd pins the init process: a later process reusing its pid can never be mistaken for it.
        using var process = PidFd.TryOpen(state.Pid);
        if (process is null)
        {
            return;
        }

        if (state.Status == OciContainerStatus.Paused)
        {
            await TryAsync(id, "resume before stop", () => ResumeAsync(id, cancellationToken)).ConfigureAwait(false);
        }

        if (timeout > TimeSpan.Zero)
        {
            await SignalAsync(id, process, stopSignal, cancellationToken).ConfigureAwait(false);
            if (await process.WaitForExitAsync(timeout, cancellationToken).ConfigureAwait(false))
            {
                await AfterStopAsync(id, cancellationToken).ConfigureAwait(false);
                return;
            }

            RuntimeLog.StopEscalating(_logger, id, stopSignal, timeout);
        }

        var giveUp = _timeProvider.GetUtcNow() + _killPatience;
        var wait = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            await SignalAsync(id, process, Processes.SigKill, cancellationToken).ConfigureAwait(false);
            if (await process.WaitForExitAsync(wait, cancellationToken).ConfigureAwait(false))
            {
                break;
            }

            if (_timeProvider.GetUtcNow() > giveUp)
            {
                throw new OciRuntimeException(id, "stop", $"container {id} (pid {process.Pid}) did not exit within {_killPatience} of SIGKILL");
            }

            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
        }

        await AfterStopAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>runc kill</c>; when runc cannot, the signal goes straight to the pinned init process.</summary>
    private async Task SignalAsync(string id, PidFd process, int signal, CancellationToken cancellationToken)
    {
        try
        {
            await KillAsync(id, signal, all: false, cancellationToken).ConfigureAwait(false);
        }
        catch (OciRuntimeException e) when (!process.HasExited)
        {
            RuntimeLog.CleanupFailed(_logger, id, "runc kill", e);
            process.Signal(signal);
        }
        catch (OciRuntimeException)
        {
            // Exited meanwhile.
        }
    }

    /// <summary>Gives conmon a moment to write the exit file, so a status read right after a stop sees the exit code.</summary>
    private async Task AfterStopAsync(string id, CancellationToken cancellationToken)
    {
        var exitFile = Path.Combine(_options.ExitsDirectory, id);
        var until = _timeProvider.GetUtcNow() + _exitFilePatience;
        while (!File.Exists(exitFile) && _timeProvider.GetUtcNow() < until)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _timeProvider, cancellationToken).ConfigureAwait(false);
        }

        RuntimeLog.ContainerStopped(_logger, id);
    }
}

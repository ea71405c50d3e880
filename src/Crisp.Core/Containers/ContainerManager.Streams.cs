using Crisp.Oci.Runtime;

namespace Crisp.Core.Containers;

public sealed partial class ContainerManager
{
    /// <summary>
    /// Validates an Exec/Attach RPC: the container exists and runs, at least one stream is asked for, and a terminal
    /// does not come with a separate stderr (CRI: tty and stderr are exclusive).
    /// </summary>
    public Container CheckStreamable(string idOrPrefix, bool stdin, bool stdout, bool stderr, bool tty, string operation)
    {
        if (!stdin && !stdout && !stderr)
        {
            throw ContainerException.Invalid($"{operation}: one of stdin, stdout and stderr must be set");
        }

        if (tty && stderr)
        {
            throw ContainerException.Invalid($"{operation}: tty and stderr cannot both be true");
        }

        return RequireRunning(Get(idOrPrefix), operation);
    }

    /// <summary>Starts a streaming exec (<c>runc exec</c> in the foreground) in the running container.</summary>
    public async Task<IExecSession> ExecAsync(string idOrPrefix, IReadOnlyList<string> command, ExecStreams streams, CancellationToken cancellationToken)
    {
        var container = RequireRunning(Get(idOrPrefix), "Exec");
        try
        {
            return await RuntimeFor(container).ExecAsync(container.Id, command, streams, cancellationToken).ConfigureAwait(false);
        }
        catch (OciRuntimeException e)
        {
            throw ContainerException.Failed($"failed to exec in container {container.Name}({container.Id}): {e.Message}", e);
        }
    }

    /// <summary>Connects to the running container's output and stdin (conmon's attach socket).</summary>
    public async Task<IAttachSession> AttachAsync(string idOrPrefix, CancellationToken cancellationToken)
    {
        var container = RequireRunning(Get(idOrPrefix), "Attach");
        try
        {
            return await RuntimeFor(container).AttachAsync(container.Id, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OciRuntimeException or IOException or System.Net.Sockets.SocketException)
        {
            throw ContainerException.Failed($"failed to attach to container {container.Name}({container.Id}): {e.Message}", e);
        }
    }

    /// <summary>Resizes the terminal of a container created with a tty (conmon's control fifo).</summary>
    public Task ResizeTerminalAsync(string idOrPrefix, ushort width, ushort height, CancellationToken cancellationToken)
    {
        var container = Get(idOrPrefix);
        return RuntimeFor(container).ResizeTerminalAsync(container.Id, width, height, cancellationToken);
    }
}

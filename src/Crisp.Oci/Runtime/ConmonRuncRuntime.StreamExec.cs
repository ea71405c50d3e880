using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Crisp.Linux;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Oci.Runtime;

public sealed partial class ConmonRuncRuntime
{
    internal const string ExecPidFileName = "pid";
    internal const string ExecRuntimeLogName = "runc.log";

    /// <summary>
    /// A streaming exec as CRI-O runs it with runc: <c>runc [--log runc.log --log-format json] exec --process
    /// process.json --pid-file pid &lt;id&gt;</c> in the foreground, a child of crisp in a session of its own. Without a
    /// tty runc's stdin, stdout and stderr are pipes (or /dev/null) and runc copies them to the process. With one,
    /// they are the slave of a host pseudo-terminal in raw mode: runc creates the container's terminal, proxies
    /// between the two and applies our window size on SIGWINCH.
    /// </summary>
    public async Task<IExecSession> ExecAsync(string id, IReadOnlyList<string> command, ExecStreams streams, CancellationToken cancellationToken = default)
    {
        ValidateId(id);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(streams);
        if (command.Count == 0)
        {
            throw new ArgumentException("exec needs a command", nameof(command));
        }

        var state = await RunningStateAsync(id, cancellationToken).ConfigureAwait(false);

        var scratch = Path.Combine(_options.ExecScratchDirectory, $"crisp-exec-{id}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        Directory.CreateDirectory(scratch, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        try
        {
            var spec = Path.Combine(scratch, "process.json");
            var config = await File.ReadAllTextAsync(Path.Combine(state.Bundle, "config.json"), cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(spec, ExecProcessSpec.Build(config, command, streams.Tty, streams.InitialSize), cancellationToken).ConfigureAwait(false);
            var args = new List<string> { _options.RuntimePath };
            args.AddRange(_runc.GlobalArguments);
            args.AddRange(["--log", Path.Combine(scratch, ExecRuntimeLogName), "--log-format", "json", "exec", "--process", spec, "--pid-file", Path.Combine(scratch, ExecPidFileName), id]);
            return streams.Tty ? StartTerminalExec(id, args, scratch, streams) : StartPipeExec(id, args, scratch, streams);
        }
        catch
        {
            Try(id, "remove exec scratch", () => Directory.Delete(scratch, recursive: true));
            throw;
        }
    }

    private ExecSession StartPipeExec(string id, List<string> args, string scratch, ExecStreams streams)
    {
        var ours = new List<IDisposable>();
        var theirs = new Dictionary<int, SafeHandle>();
        try
        {
            var stdin = streams.Stdin ? PipeFor(0, FileAccess.Write) : null;
            var stdout = streams.Stdout ? PipeFor(1, FileAccess.Read) : null;
            var stderr = streams.Stderr ? PipeFor(2, FileAccess.Read) : null;
            var pid = SpawnExec(id, args, scratch, theirs, tty: false);
            return new ExecSession(id, pid, scratch, stdin, stdout, stderr, terminal: null, discardedOutput: null, _logger);
        }
        catch
        {
            ours.ForEach(d => d.Dispose());
            throw;
        }
        finally
        {
            foreach (var end in theirs.Values)
            {
                end.Dispose();
            }
        }

        DescriptorStream PipeFor(int target, FileAccess access)
        {
            var (read, write) = Pipes.Create();
            theirs[target] = access == FileAccess.Write ? read : write;
            var stream = new DescriptorStream(access == FileAccess.Write ? write : read, access);
            ours.Add(stream);
            return stream;
        }
    }

    private ExecSession StartTerminalExec(string id, List<string> args, string scratch, ExecStreams streams)
    {
        var (master, slave, _) = Terminals.OpenPseudoTerminal();
        var ours = new List<IDisposable> { master };
        using (slave)
        {
            try
            {
                // runc makes this terminal raw but keeps output processing on (OPOST, and ONLCR as it was), and clears
                // ONLCR on the container's terminal: from then on "\n" becomes "\r\n" here, once. Start in that state,
                // so input sent before runc gets there is neither echoed nor edited, and output never shows a bare
                // "\n". Output written before runc cleared the container's ONLCR reads "\r\r\n" (as with runc in a shell).
                Terminals.MakeRaw(slave, keepOutputProcessing: true);
                if (streams.InitialSize is { } size)
                {
                    Terminals.SetWindowSize(master, size.Height, size.Width);
                }

                var terminal = Descriptors.Duplicate(master);
                ours.Add(terminal);
                DescriptorStream? stdin = null;
                if (streams.Stdin)
                {
                    var input = Descriptors.Duplicate(master);
                    ours.Add(input);
                    stdin = new DescriptorStream(input, FileAccess.Write);
                    ours.Add(stdin);
                }

                var output = new DescriptorStream(master, FileAccess.Read, ioErrorIsEndOfFile: true);
                ours.Add(output);
                var pid = SpawnExec(id, args, scratch, new Dictionary<int, SafeHandle> { [0] = slave, [1] = slave, [2] = slave }, tty: true);
                return new ExecSession(id, pid, scratch, stdin, streams.Stdout ? output : null, stderr: null, terminal, streams.Stdout ? null : output, _logger);
            }
            catch
            {
                ours.ForEach(d => d.Dispose());
                throw;
            }
        }
    }

    private int SpawnExec(string id, List<string> args, string scratch, IReadOnlyDictionary<int, SafeHandle> descriptors, bool tty)
    {
        int pid;
        try
        {
            pid = ProcessSpawner.Spawn(new SpawnRequest
            {
                Path = _options.RuntimePath,
                Arguments = args,
                Environment = [$"PATH={Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}"],
                WorkingDirectory = scratch,
                Descriptors = descriptors,
                NewSession = true,
            });
        }
        catch (SystemCallException e)
        {
            throw new OciRuntimeException(id, "exec", $"cannot start {_options.RuntimePath}: {e.Message}", innerException: e);
        }

        RuntimeLog.ExecStarted(_logger, id, pid, tty, string.Join(' ', args));
        return pid;
    }
}

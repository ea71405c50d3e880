using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Crisp.Linux;
using Grpc.Core;
using Grpc.Net.Client;
using Runtime.V1;

namespace Crisp.IntegrationTests.Harness;

/// <summary>
/// The real crisp executable, started as its own process on a temporary socket, state root and runroot,
/// with a configuration file the test controls. Disposing stops it (SIGTERM, then SIGKILL) and removes
/// everything it was given.
/// </summary>
public sealed class CrispDaemon : IAsyncDisposable
{
    private static readonly TimeSpan _startTimeout = TimeSpan.FromSeconds(60);

    private readonly TempDirectory _dir;
    private readonly StringBuilder _output = new();
    private readonly Process _process;
    private GrpcChannel? _channel;
    private bool _ownsDirectory = true;

    private CrispDaemon(TempDirectory dir, CrispDaemonFiles files, Process process)
    {
        _dir = dir;
        _process = process;
        Files = files;
    }

    /// <summary>The daemon's socket, roots and configuration paths.</summary>
    public CrispDaemonFiles Files { get; }

    public string Socket => Files.Socket;

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the daemon printed so far (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public RuntimeService.RuntimeServiceClient Runtime => new(Channel);

    public ImageService.ImageServiceClient Images => new(Channel);

    public GrpcChannel Channel => _channel ??= CriChannel.ForSocket(Socket);

    /// <summary>
    /// The minimal configuration every test daemon gets: cgroupfs, CNI looking at a directory of the test's own, and
    /// the namespaces, exits, attach-socket and runc state directories inside the test directory (never the host's
    /// /run/crisp or /run/runc).
    /// </summary>
    public static string BaseConfig(CrispDaemonFiles files) => $"""
        [crio.runtime]
        cgroup_manager = "cgroupfs"
        log_level = "debug"
        namespaces_dir = "{files.NamespacesDir}"
        container_exits_dir = "{files.ExitsDir}"
        container_attach_socket_dir = "{files.AttachSocketDir}"

        [crio.runtime.runtimes.runc]
        runtime_root = "{files.RuncRoot}"

        [crio.network]
        network_dir = "{files.CniConfigDir}"
        """;

    /// <summary>Starts a daemon and waits until it answers Version on its socket.</summary>
    /// <param name="configure">Adjusts the files before start (write drop-ins, CNI configs, change crisp.conf).</param>
    /// <param name="extraArgs">Flags appended to the command line.</param>
    public static async Task<CrispDaemon> StartAsync(Action<CrispDaemonFiles>? configure = null, params string[] extraArgs)
    {
        var dir = new TempDirectory();
        var files = CrispDaemonFiles.Create(dir);
        configure?.Invoke(files);
        return await LaunchAsync(dir, files, extraArgs);
    }

    /// <summary>
    /// Stops this daemon (SIGTERM, or SIGKILL when <paramref name="kill"/>) and starts a new one on the same
    /// socket, roots and configuration; the new one owns the directory from then on.
    /// </summary>
    public async Task<CrispDaemon> RestartAsync(bool kill = false, params string[] extraArgs)
    {
        if (kill)
        {
            Signal(Processes.SigKill);
            await _process.WaitForExitAsync();
        }
        else
        {
            await StopAsync();
        }

        _ownsDirectory = false;
        return await LaunchAsync(_dir, Files, extraArgs);
    }

    private static async Task<CrispDaemon> LaunchAsync(TempDirectory dir, CrispDaemonFiles files, string[] extraArgs)
    {
        var start = new ProcessStartInfo(CrispBinary.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in files.DaemonArgs().Concat(extraArgs))
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var daemon = new CrispDaemon(dir, files, process);
        process.OutputDataReceived += (_, e) => daemon.Append(e.Data);
        process.ErrorDataReceived += (_, e) => daemon.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await daemon.WaitUntilServingAsync();
            return daemon;
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilServingAsync()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < _startTimeout)
        {
            if (_process.HasExited)
            {
                await _process.WaitForExitAsync();
                throw new InvalidOperationException($"crisp exited with {_process.ExitCode} during start:\n{Output}");
            }

            if (File.Exists(Socket))
            {
                try
                {
                    await Runtime.VersionAsync(new VersionRequest(), deadline: DateTime.UtcNow.AddSeconds(5));
                    return;
                }
                catch (RpcException)
                {
                    // Not accepting yet.
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"crisp did not serve on {Socket} within {_startTimeout}:\n{Output}");
    }

    /// <summary>Sends a signal to the daemon (by its pid, which this test started).</summary>
    public void Signal(int signal)
    {
        if (!Processes.Signal(_process.Id, signal))
        {
            throw new InvalidOperationException($"kill({_process.Id}, {signal}) failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>SIGKILL (unless it already exited), then waits for the exit; <see cref="RestartAsync"/> with kill: false starts it again.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            Signal(Processes.SigKill);
        }

        await _process.WaitForExitAsync();
    }

    /// <summary>SIGTERM, then waits for the exit; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        if (!_process.HasExited)
        {
            Signal(Processes.SigTerm);
        }

        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        if (!_process.HasExited)
        {
            try
            {
                await StopAsync();
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"--- crisp daemon output ({Files.Directory}) ---\n{Output}");
        _process.Dispose();
        if (_ownsDirectory)
        {
            _dir.Dispose();
        }
    }
}

/// <summary>The paths of a test daemon, for a test to adjust before it starts.</summary>
public sealed class CrispDaemonFiles(TempDirectory dir)
{
    public string Directory => dir.Path;

    /// <summary>The CRI socket; a test may move it before start.</summary>
    public string Socket { get; set; } = dir.Combine("crisp.sock");

    public string Root { get; set; } = dir.Combine("root");

    public string RunRoot { get; set; } = dir.Combine("run");

    public string ConfigFile => dir.Combine("crisp.conf");

    public string ConfigDir => dir.Combine("crisp.conf.d");

    public string CniConfigDir => dir.Combine("cni");

    /// <summary>namespaces_dir: pinned pod namespaces (a private bind mount of itself once the first pod is pinned).</summary>
    public string NamespacesDir => dir.Combine("ns");

    /// <summary>container_exits_dir.</summary>
    public string ExitsDir => dir.Combine("exits");

    /// <summary>container_attach_socket_dir (short: conmon's attach socket paths are limited to 108 bytes).</summary>
    public string AttachSocketDir => dir.Combine("sock");

    /// <summary>The runc handler's runtime_root.</summary>
    public string RuncRoot => dir.Combine("runc");

    /// <summary>The registries.conf the daemon reads (empty at first: no search registries, nothing insecure).</summary>
    public string RegistriesConf => dir.Combine("registries.conf");

    /// <summary>The signature policy the daemon reads (accept anything at first).</summary>
    public string SignaturePolicy => dir.Combine("policy.json");

    /// <summary>Lays out a directory for a daemon: the drop-in and CNI directories and the base configuration.</summary>
    public static CrispDaemonFiles Create(TempDirectory dir)
    {
        var files = new CrispDaemonFiles(dir);
        System.IO.Directory.CreateDirectory(files.ConfigDir);
        System.IO.Directory.CreateDirectory(files.CniConfigDir);
        File.WriteAllText(files.ConfigFile, CrispDaemon.BaseConfig(files));
        File.WriteAllText(files.RegistriesConf, "# written by the crisp tests\n");
        File.WriteAllText(files.SignaturePolicy, """{ "default": [ { "type": "insecureAcceptAnything" } ] }""");
        return files;
    }

    /// <summary>The arguments that point a crisp command at these paths.</summary>
    public IReadOnlyList<string> DaemonArgs() =>
    [
        "--config", ConfigFile,
        "--config-dir", ConfigDir,
        "--listen", Socket,
        "--root", Root,
        "--runroot", RunRoot,
        "--registries-conf", RegistriesConf,
        "--signature-policy", SignaturePolicy,
    ];
}

/// <summary>A gRPC channel to a CRI Unix socket.</summary>
public static class CriChannel
{
    public static GrpcChannel ForSocket(string socketPath) =>
        GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = UnixSocketHttp.Handler(socketPath) });
}

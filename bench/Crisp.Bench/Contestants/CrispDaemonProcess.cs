using System.Diagnostics;
using Crisp.Bench.Infrastructure;
using Crisp.Bench.Lifecycle.Daemons;
using Crisp.IntegrationTests.Harness;
using Crisp.Linux;
using Grpc.Net.Client;
using Runtime.V1;

namespace Crisp.Bench.Contestants;

/// <summary>
/// A crisp daemon started the way the integration tests start one (the bench's equivalent of their CrispDaemon, which
/// needs xunit): its own socket, state root and runroot under <see cref="Directory"/>, cgroupfs, CNI pointed at an
/// empty directory, a registries.conf marking the bench registry insecure and a policy.json accepting anything.
/// Disposing stops it by pid (SIGTERM, then SIGKILL after 20 s) and reaps it; the directory is the caller's.
/// </summary>
internal sealed class CrispDaemonProcess : IAsyncDisposable
{

    private readonly ChildProcess _process;
    private GrpcChannel? _channel;

    private CrispDaemonProcess(ChildProcess process, string directory, TimeSpan startTime)
    {
        _process = process;
        Directory = directory;
        StartTime = startTime;
    }

    public string Directory { get; }

    public string Socket => SocketPath(Directory);

    /// <summary>The state root: the layer store is ROOT/overlay/&lt;chain id hex&gt;/diff.</summary>
    public string Root => RootPath(Directory);

    public int Pid => _process.Pid;

    /// <summary>From spawn until Version answered on the socket.</summary>
    public TimeSpan StartTime { get; }

    public string Output => _process.Output;

    public ImageService.ImageServiceClient Images => new(Channel);

    public RuntimeService.RuntimeServiceClient Runtime => new(Channel);

    private GrpcChannel Channel => _channel ??= GrpcChannel.ForAddress("http://localhost",
        new GrpcChannelOptions { HttpHandler = UnixSocketHttp.Handler(Socket) });

    /// <summary>Lays out <paramref name="directory"/> (which must not exist yet) and starts a daemon on it.</summary>
    /// <param name="extraFiles">More files to write before the start, by path relative to <paramref name="directory"/>
    /// (a drop-in under crisp.conf.d/, a CNI configuration under cni/).</param>
    public static async Task<CrispDaemonProcess> StartAsync(string executable, string directory, string registryHost, string logLevel,
        CancellationToken ct, IReadOnlyDictionary<string, string>? extraFiles = null)
    {
        if (System.IO.Directory.Exists(directory))
        {
            throw new BenchException($"{directory} exists already; the bench gives each daemon a fresh directory");
        }

        var root = RootPath(directory);
        var runRoot = Path.Combine(directory, "run");
        var socket = SocketPath(directory);
        var config = Path.Combine(directory, "crisp.conf");
        var configDir = Path.Combine(directory, "crisp.conf.d");
        var cniDir = Path.Combine(directory, "cni");
        var registriesConf = Path.Combine(directory, "registries.conf");
        var policy = Path.Combine(directory, "policy.json");
        System.IO.Directory.CreateDirectory(configDir);
        System.IO.Directory.CreateDirectory(cniDir);
        File.WriteAllText(config, $"""
            [crio.runtime]
            cgroup_manager = "cgroupfs"
            log_level = "{logLevel}"

            [crio.network]
            network_dir = "{cniDir}"

            """);
        File.WriteAllText(registriesConf, $"""
            # written by crisp-bench
            [[registry]]
            location = "{registryHost}"
            insecure = true

            """);
        File.WriteAllText(policy, """{ "default": [ { "type": "insecureAcceptAnything" } ] }""");
        foreach (var (relativePath, content) in extraFiles ?? new Dictionary<string, string>())
        {
            var path = Path.Combine(directory, relativePath);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }

        RefuseIfLocked(Path.Combine(root, "crisp.lock"));
        RefuseIfLocked(socket + ".lock");

        string[] args =
        [
            "--config", config,
            "--config-dir", configDir,
            "--listen", socket,
            "--root", root,
            "--runroot", runRoot,
            "--registries-conf", registriesConf,
            "--signature-policy", policy,
        ];
        var clock = Stopwatch.StartNew();
        var process = ChildProcess.Start(executable, args, directory);
        try
        {
            await SocketReadiness.WaitAsync("crisp", process, socket, ct);
            return new CrispDaemonProcess(process, directory, clock.Elapsed);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    public async Task StopAsync() => await _process.StopAsync(TimeSpan.FromSeconds(20));

    public async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        await _process.DisposeAsync();
    }

    private static string RootPath(string directory) => Path.Combine(directory, "root");

    private static string SocketPath(string directory) => Path.Combine(directory, "crisp.sock");

    private static void RefuseIfLocked(string lockPath)
    {
        if (!File.Exists(lockPath))
        {
            return;
        }

        using var probe = FileLock.TryAcquire(lockPath)
            ?? throw new BenchException($"{lockPath} is held by another crisp daemon (pid {FileLock.ReadHolder(lockPath)?.ToString() ?? "unknown"}); refusing to use it");
    }
}

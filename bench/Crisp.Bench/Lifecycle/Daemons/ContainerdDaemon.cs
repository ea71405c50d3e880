using System.Diagnostics;
using Crisp.Bench.Infrastructure;
using Crisp.Bench.Lifecycle.Host;
using Crisp.IntegrationTests.Harness;
using Grpc.Net.Client;
using Runtime.V1;

namespace Crisp.Bench.Lifecycle.Daemons;

/// <summary>
/// <c>containerd --config DIR/config.toml</c> as a child of the bench (<see cref="ContainerdConfig"/>), with the
/// contestant's CNI network. Stopped by pid (SIGTERM, then SIGKILL) and reaped; its shims outlive it by design, so
/// the caller removes the pods first and <see cref="LeftoverCleanup"/> takes what is left.
/// </summary>
internal sealed class ContainerdDaemon : ICriDaemon
{
    private readonly ChildProcess _process;
    private readonly GrpcChannel _channel;

    private ContainerdDaemon(ContestantSpec spec, string directory, ChildProcess process, TimeSpan socketReady)
    {
        Spec = spec;
        Directory = directory;
        _process = process;
        SocketReadyTime = socketReady;
        _channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions { HttpHandler = UnixSocketHttp.Handler(ContainerdConfig.Socket(directory)) });
        Runtime = new RuntimeService.RuntimeServiceClient(_channel);
        Images = new ImageService.ImageServiceClient(_channel);
    }

    public ContestantSpec Spec { get; }

    public string Directory { get; }

    public int Pid => _process.Pid;

    public bool HasExited => _process.HasExited;

    public TimeSpan SocketReadyTime { get; }

    public RuntimeService.RuntimeServiceClient Runtime { get; }

    public ImageService.ImageServiceClient Images { get; }

    /// <summary>The shim runs runc with --root ROOT/&lt;namespace&gt; (the CRI's namespace is k8s.io).</summary>
    public IReadOnlyList<string> RuncRoots => [Path.Combine(ContainerdConfig.RuncRoot(Directory), "k8s.io")];

    public string Output => _process.Output;

    public static async Task<ContainerdDaemon> StartAsync(ContestantSpec spec, string directory, DaemonSettings settings, BenchNetwork network,
        CancellationToken ct)
    {
        if (System.IO.Directory.Exists(directory))
        {
            throw new BenchException($"{directory} exists already; the bench gives each daemon a fresh directory");
        }

        System.IO.Directory.CreateDirectory(Path.Combine(directory, "cni"));
        System.IO.Directory.CreateDirectory(Path.Combine(directory, "tmp"));
        var config = Path.Combine(directory, "config.toml");
        await File.WriteAllTextAsync(config, ContainerdConfig.Text(directory, settings), ct);
        await File.WriteAllTextAsync(Path.Combine(directory, "cni", network.FileName), network.Conflist(directory), ct);

        var clock = Stopwatch.StartNew();
        var process = ChildProcess.Start(spec.Executable, ["--config", config], directory,
            new Dictionary<string, string> { ["TMPDIR"] = Path.Combine(directory, "tmp") });
        try
        {
            await SocketReadiness.WaitAsync("containerd", process, ContainerdConfig.Socket(directory), ct);
            return new ContainerdDaemon(spec, directory, process, clock.Elapsed);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>This daemon's shims: their command line names its socket (<c>-address DIR/containerd.sock</c>).</summary>
    public IReadOnlyList<int> MonitorPids() => [.. ProcessTable.Find(Spec.MonitorName, ContainerdConfig.Socket(Directory)).Select(p => p.Pid)];

    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(20));

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        await _process.DisposeAsync();
    }
}

using Crisp.Bench.Contestants;
using Crisp.Bench.Lifecycle.Host;
using Runtime.V1;

namespace Crisp.Bench.Lifecycle.Daemons;

/// <summary>A crisp daemon (<see cref="CrispDaemonProcess"/>) with the lifecycle drop-in and the contestant's CNI network.</summary>
internal sealed class CrispDaemon : ICriDaemon
{
    private readonly CrispDaemonProcess _process;

    private CrispDaemon(ContestantSpec spec, CrispDaemonProcess process)
    {
        Spec = spec;
        _process = process;
    }

    public ContestantSpec Spec { get; }

    public string Directory => _process.Directory;

    public int Pid => _process.Pid;

    public bool HasExited => ProcessState.HasExited(Pid);

    public TimeSpan SocketReadyTime => _process.StartTime;

    public RuntimeService.RuntimeServiceClient Runtime { get; private init; } = null!;

    public ImageService.ImageServiceClient Images { get; private init; } = null!;

    public IReadOnlyList<string> RuncRoots => [CrispConfig.RuncRoot(Directory)];

    public string Output => _process.Output;

    public static async Task<CrispDaemon> StartAsync(ContestantSpec spec, string directory, DaemonSettings settings, BenchNetwork network,
        CancellationToken ct)
    {
        var files = new Dictionary<string, string>
        {
            [CrispConfig.DropInPath] = CrispConfig.DropIn(directory, settings, dropInfraCtr: !spec.InfraContainer),
            [Path.Combine("cni", network.FileName)] = network.Conflist(directory),
        };
        var process = await CrispDaemonProcess.StartAsync(spec.Executable, directory, settings.RegistryHost, settings.LogLevel, ct, files);
        return new CrispDaemon(spec, process) { Runtime = process.Runtime, Images = process.Images };
    }

    public IReadOnlyList<int> MonitorPids() => [.. ProcessTable.Find(Spec.MonitorName, Directory + "/").Select(p => p.Pid)];

    public Task StopAsync() => _process.StopAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}

using Crisp.Core;
using Crisp.Core.Containers;
using Crisp.Core.Events;
using Crisp.Core.Sandboxes;
using Crisp.Core.Stats;
using Crisp.Cri.Streaming;
using Crisp.Network;
using Microsoft.Extensions.Logging;
using Runtime.V1;

namespace Crisp.Cri.Runtime;

/// <summary>
/// The CRI RuntimeService. Each RPC lives in its own file, <c>CriRuntimeService.&lt;Rpc&gt;.cs</c>.
/// </summary>
public sealed partial class CriRuntimeService : RuntimeService.RuntimeServiceBase
{
    private const string ServiceName = "RuntimeService";

    private readonly ICrispConfigSource _config;
    private readonly PodNetworkSettings _podNetwork;
    private readonly IPodNetwork _network;
    private readonly SandboxManager _sandboxes;
    private readonly ContainerManager _containers;
    private readonly StatsCollector _stats;
    private readonly StreamingServer _streaming;
    private readonly StreamTokens _streamTokens;
    private readonly ContainerEvents _events;
    private readonly ILogger<CriRuntimeService> _logger;

    public CriRuntimeService(
        ICrispConfigSource config, PodNetworkSettings podNetwork, IPodNetwork network, SandboxManager sandboxes, ContainerManager containers,
        StatsCollector stats, StreamingServer streaming, StreamTokens streamTokens, ContainerEvents events,
        ILogger<CriRuntimeService> logger)
    {
        _config = config;
        _podNetwork = podNetwork;
        _network = network;
        _sandboxes = sandboxes;
        _containers = containers;
        _stats = stats;
        _streaming = streaming;
        _streamTokens = streamTokens;
        _events = events;
        _logger = logger;
    }
}

using Runtime.V1;

namespace Crisp.Core.Sandboxes;

/// <summary>Sandboxes as the CRI messages that describe them.</summary>
public static class SandboxCriMapping
{
    public static PodSandbox ToPodSandbox(Sandbox sandbox)
    {
        var item = new PodSandbox
        {
            Id = sandbox.Id,
            Metadata = Metadata(sandbox),
            State = State(sandbox.State),
            CreatedAt = sandbox.CreatedAt,
            RuntimeHandler = sandbox.RuntimeHandler,
        };
        foreach (var (key, value) in sandbox.Labels)
        {
            item.Labels[key] = value;
        }

        foreach (var (key, value) in sandbox.Annotations)
        {
            item.Annotations[key] = value;
        }

        return item;
    }

    /// <summary>
    /// PodSandboxStatus: the first pod address as the primary IP, the others as additional IPs; the linux namespace
    /// options as requested.
    /// </summary>
    public static PodSandboxStatus ToStatus(Sandbox sandbox)
    {
        var network = new PodSandboxNetworkStatus { Ip = sandbox.PodIps.Count > 0 ? sandbox.PodIps[0] : "" };
        network.AdditionalIps.Add(sandbox.PodIps.Skip(1).Select(ip => new PodIP { Ip = ip }));
        var status = new PodSandboxStatus
        {
            Id = sandbox.Id,
            Metadata = Metadata(sandbox),
            State = State(sandbox.State),
            CreatedAt = sandbox.CreatedAt,
            Network = network,
            Linux = new LinuxPodSandboxStatus
            {
                Namespaces = new Namespace
                {
                    Options = new NamespaceOption
                    {
                        Network = Mode(sandbox.NamespaceOptions.Network),
                        Pid = Mode(sandbox.NamespaceOptions.Pid),
                        Ipc = Mode(sandbox.NamespaceOptions.Ipc),
                        TargetId = sandbox.NamespaceOptions.TargetId,
                    },
                },
            },
            RuntimeHandler = sandbox.RuntimeHandler,
        };
        foreach (var (key, value) in sandbox.Labels)
        {
            status.Labels[key] = value;
        }

        foreach (var (key, value) in sandbox.Annotations)
        {
            status.Annotations[key] = value;
        }

        return status;
    }

    /// <summary>The CRI filter as a <see cref="SandboxFilter"/>; null when there is none.</summary>
    public static SandboxFilter? FilterFrom(PodSandboxFilter? filter) => filter is null
        ? null
        : new SandboxFilter
        {
            Id = filter.Id.Length > 0 ? filter.Id : null,
            State = filter.State is { } state ? (state.State == PodSandboxState.SandboxReady ? SandboxState.Ready : SandboxState.NotReady) : null,
            Labels = new Dictionary<string, string>(filter.LabelSelector, StringComparer.Ordinal),
        };

    internal static PodSandboxMetadata Metadata(Sandbox sandbox) => new()
    {
        Name = sandbox.Metadata.Name,
        Uid = sandbox.Metadata.Uid,
        Namespace = sandbox.Metadata.Namespace,
        Attempt = sandbox.Metadata.Attempt,
    };

    private static PodSandboxState State(SandboxState state) =>
        state == SandboxState.Ready ? PodSandboxState.SandboxReady : PodSandboxState.SandboxNotready;

    private static NamespaceMode Mode(SandboxNamespaceMode mode) => mode switch
    {
        SandboxNamespaceMode.Pod => NamespaceMode.Pod,
        SandboxNamespaceMode.Container => NamespaceMode.Container,
        SandboxNamespaceMode.Node => NamespaceMode.Node,
        _ => NamespaceMode.Target,
    };
}

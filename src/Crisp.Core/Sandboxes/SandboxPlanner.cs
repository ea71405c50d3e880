using Crisp.Config;
using Google.Protobuf;
using Runtime.V1;

namespace Crisp.Core.Sandboxes;

/// <summary>
/// Checks a RunPodSandbox request and turns it into the sandbox record to create: name, namespaces, host name,
/// DNS, ports, cgroup parent, runtime handler and whether an infra container is needed. Nothing is touched on the
/// node; every problem is a <see cref="SandboxException"/> (InvalidArgument, or NotFound for an unknown handler).
/// </summary>
internal static class SandboxPlanner
{
    public static Sandbox Plan(PodSandboxConfig? config, string? runtimeHandler, CrispConfig settings, string id, long createdAt, SandboxPaths paths)
    {
        if (config is null)
        {
            throw SandboxException.Invalid("PodSandboxConfig should not be nil");
        }

        var metadata = Metadata(config.Metadata);
        var handler = Handler(settings.Runtime, runtimeHandler);
        var security = config.Linux?.SecurityContext;
        if (security?.NamespaceOptions?.UsernsOptions is { Mode: NamespaceMode.Pod })
        {
            throw SandboxException.Invalid("user namespaces are not supported by crisp");
        }

        var namespaces = Namespaces(security?.NamespaceOptions);
        var hostNetwork = namespaces.Network == SandboxNamespaceMode.Node;
        var hostIpc = namespaces.Ipc == SandboxNamespaceMode.Node;
        return new Sandbox
        {
            Id = id,
            Name = SandboxNames.For(metadata),
            Metadata = metadata,
            Labels = new Dictionary<string, string>(config.Labels, StringComparer.Ordinal),
            Annotations = new Dictionary<string, string>(config.Annotations, StringComparer.Ordinal),
            CreatedAt = createdAt,
            State = SandboxState.Creating,
            RuntimeHandler = runtimeHandler ?? "",
            OciHandler = handler,
            LogDirectory = config.LogDirectory,
            Hostname = Hostname(config.Hostname, hostNetwork, id),
            Dns = config.DnsConfig is { } dns ? new SandboxDnsConfig([.. dns.Servers], [.. dns.Searches], [.. dns.Options]) : null,
            PortMappings = Ports(config.PortMappings),
            NamespaceOptions = namespaces,
            CgroupParent = CgroupParent(config.Linux?.CgroupParent ?? "", settings.Runtime.CgroupManager),
            UserdataDirectory = paths.UserdataDirectory(id),
            Privileged = security?.Privileged == true,
            HostNetwork = hostNetwork,
            HostIpc = hostIpc,
            Config = config.ToByteArray(),
        };
    }

    /// <summary>CRI-O runs an infra container when the pod shares a PID namespace or infra containers are not dropped.</summary>
    public static bool NeedsInfra(Sandbox sandbox, CrispConfig settings) =>
        !settings.Runtime.DropInfraCtr || sandbox.NamespaceOptions.Pid == SandboxNamespaceMode.Pod;

    private static SandboxMetadata Metadata(PodSandboxMetadata? metadata)
    {
        if (metadata is null)
        {
            throw SandboxException.Invalid("PodSandboxConfig.Metadata should not be nil");
        }

        foreach (var (field, value) in new[] { ("name", metadata.Name), ("namespace", metadata.Namespace), ("uid", metadata.Uid) })
        {
            if (string.IsNullOrEmpty(value))
            {
                throw SandboxException.Invalid($"PodSandboxConfig.Metadata.{field} should not be empty");
            }

            if (value.Any(char.IsControl))
            {
                throw SandboxException.Invalid($"PodSandboxConfig.Metadata.{field} \"{value}\" contains a control character");
            }
        }

        return new SandboxMetadata(metadata.Name, metadata.Uid, metadata.Namespace, metadata.Attempt);
    }

    private static string Handler(Crisp.Config.RuntimeConfig runtime, string? requested)
    {
        if (!runtime.TryGetHandler(requested, out var name, out var handler))
        {
            var known = string.Join(", ", runtime.Runtimes.Keys.Order(StringComparer.Ordinal));
            throw SandboxException.NotFound($"runtime handler \"{name}\" is not configured (crio.runtime.runtimes has: {known})");
        }

        if (!handler.IsOci())
        {
            throw SandboxException.Invalid($"runtime handler \"{name}\" has runtime_type \"{handler.RuntimeType}\"; crisp runs only OCI runtimes");
        }

        return name;
    }

    private static SandboxNamespaceOptions Namespaces(NamespaceOption? options)
    {
        if (options is null)
        {
            return new SandboxNamespaceOptions();
        }

        if (options.Network is not (NamespaceMode.Pod or NamespaceMode.Node))
        {
            throw SandboxException.Invalid($"network namespace mode {options.Network} is not valid for a pod (POD or NODE)");
        }

        if (options.Ipc is not (NamespaceMode.Pod or NamespaceMode.Node))
        {
            throw SandboxException.Invalid($"IPC namespace mode {options.Ipc} is not valid for a pod (POD or NODE)");
        }

        return new SandboxNamespaceOptions
        {
            Network = Mode(options.Network),
            Pid = Mode(options.Pid),
            Ipc = Mode(options.Ipc),
            TargetId = options.TargetId,
        };
    }

    private static SandboxNamespaceMode Mode(NamespaceMode mode) => mode switch
    {
        NamespaceMode.Pod => SandboxNamespaceMode.Pod,
        NamespaceMode.Container => SandboxNamespaceMode.Container,
        NamespaceMode.Node => SandboxNamespaceMode.Node,
        NamespaceMode.Target => SandboxNamespaceMode.Target,
        _ => throw SandboxException.Invalid($"unknown namespace mode {mode}"),
    };

    /// <summary>CRI-O's rule: the config's host name; for a host-network pod the node's; else the id's first 12 digits.</summary>
    private static string Hostname(string requested, bool hostNetwork, string id)
    {
        var hostname = requested;
        if (hostname.Length == 0 && hostNetwork)
        {
            hostname = Environment.MachineName;
        }

        if (hostname.Length == 0)
        {
            hostname = id[..12];
        }

        if (hostname.Length > 64 || hostname.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            throw SandboxException.Invalid($"host name \"{hostname}\" is not valid: at most 64 characters, no spaces or control characters");
        }

        return hostname;
    }

    private static List<SandboxPortMapping> Ports(IEnumerable<PortMapping> mappings)
    {
        var result = new List<SandboxPortMapping>();
        foreach (var mapping in mappings)
        {
            if (mapping.ContainerPort is < 1 or > 65535)
            {
                throw SandboxException.Invalid($"port mapping: container port {mapping.ContainerPort} is out of range 1-65535");
            }

            if (mapping.HostPort is < 0 or > 65535)
            {
                throw SandboxException.Invalid($"port mapping: host port {mapping.HostPort} is out of range 0-65535");
            }

            var protocol = mapping.Protocol switch
            {
                Protocol.Tcp => "tcp",
                Protocol.Udp => "udp",
                Protocol.Sctp => "sctp",
                _ => throw SandboxException.Invalid($"port mapping: unknown protocol {mapping.Protocol}"),
            };
            result.Add(new SandboxPortMapping(protocol, mapping.ContainerPort, mapping.HostPort, mapping.HostIp));
        }

        return result;
    }

    /// <summary>
    /// CRI-O's check: a systemd slice (<c>*.slice</c>) only with the systemd manager, a cgroupfs path only with
    /// cgroupfs. The parent is kept as given; nothing is created until a container needs it.
    /// </summary>
    private static string CgroupParent(string parent, string manager)
    {
        if (parent.Length == 0)
        {
            return parent;
        }

        var isSlice = Path.GetFileName(parent.TrimEnd('/')).EndsWith(".slice", StringComparison.Ordinal);
        if (manager == "systemd" && !isSlice)
        {
            throw SandboxException.Invalid($"crisp is configured with the systemd cgroup manager, but cgroup_parent \"{parent}\" is not a slice");
        }

        if (manager != "systemd" && isSlice)
        {
            throw SandboxException.Invalid($"crisp is configured with the cgroupfs cgroup manager, but cgroup_parent \"{parent}\" is a systemd slice");
        }

        if (parent.Contains("..", StringComparison.Ordinal) || parent.Any(char.IsControl))
        {
            throw SandboxException.Invalid($"cgroup_parent \"{parent}\" is not a valid cgroup path");
        }

        return parent;
    }
}

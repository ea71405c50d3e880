using Crisp.Oci.Spec.Model;
using Runtime.V1;

namespace Crisp.Oci.Spec.Building;

/// <summary>
/// Which namespaces a container creates or joins: network, IPC and UTS are the pod's pinned ones (host when
/// the pod has none); PID follows the CRI mode (or the pod, when no options are given); mount is always new; cgroup is new on cgroup v2 for
/// unprivileged containers (as CRI-O and containerd do).
/// </summary>
internal static class Namespaces
{
    public static IReadOnlyList<LinuxNamespace> ForContainer(ContainerSpecInput input, bool privileged, bool cgroupV2)
    {
        var options = input.Config.Linux?.SecurityContext?.NamespaceOptions;
        if (options?.UsernsOptions is { Mode: NamespaceMode.Pod })
        {
            throw new ContainerSpecException("user namespaces are not supported");
        }

        var pod = input.Sandbox;
        var list = new List<LinuxNamespace>();
        // Without namespace options (crictl-style configs; the kubelet always sends them) the container follows its
        // pod: the pod's PID namespace when the pod shares one, else its own.
        switch (options?.Pid ?? (pod.PidNamespacePath is null ? NamespaceMode.Container : NamespaceMode.Pod))
        {
            case NamespaceMode.Pod:
                list.Add(Join(NamespaceTypes.Pid, pod.PidNamespacePath
                    ?? throw new ContainerSpecException("pod level PID namespace requested for the container, but the pod sandbox has no infra container holding one")));
                break;
            case NamespaceMode.Container:
                list.Add(New(NamespaceTypes.Pid));
                break;
            case NamespaceMode.Target:
                list.Add(Join(NamespaceTypes.Pid, input.TargetPidNamespacePath
                    ?? throw new ContainerSpecException($"target PID namespace requested but container \"{options?.TargetId}\" has no PID namespace to join")));
                break;
            case NamespaceMode.Node:
                break;
            default:
                throw new ContainerSpecException($"unknown PID namespace mode {options?.Pid}");
        }

        AddPodNamespace(list, NamespaceTypes.Network, options?.Network == NamespaceMode.Node ? null : pod.NetworkNamespacePath);
        AddPodNamespace(list, NamespaceTypes.Ipc, options?.Ipc == NamespaceMode.Node ? null : pod.IpcNamespacePath);
        AddPodNamespace(list, NamespaceTypes.Uts, pod.UtsNamespacePath);
        list.Add(New(NamespaceTypes.Mount));
        if (cgroupV2 && !privileged)
        {
            list.Add(New(NamespaceTypes.Cgroup));
        }

        return list;
    }

    /// <summary>The namespaces of an infra container.</summary>
    public static IReadOnlyList<LinuxNamespace> ForSandbox(SandboxSpecInput input, bool privileged, bool cgroupV2)
    {
        var list = new List<LinuxNamespace>();
        Add(list, NamespaceTypes.Pid, input.Pid!);
        Add(list, NamespaceTypes.Network, input.Network!);
        Add(list, NamespaceTypes.Ipc, input.Ipc!);
        Add(list, NamespaceTypes.Uts, input.Uts!);
        list.Add(New(NamespaceTypes.Mount));
        if (cgroupV2 && !privileged)
        {
            list.Add(New(NamespaceTypes.Cgroup));
        }

        return list;
    }

    private static void Add(List<LinuxNamespace> list, string type, NamespaceTarget target)
    {
        if (target.Kind == NamespaceTargetKind.New)
        {
            list.Add(New(type));
        }
        else if (target.Kind == NamespaceTargetKind.Join)
        {
            list.Add(Join(type, target.Path!));
        }
    }

    private static void AddPodNamespace(List<LinuxNamespace> list, string type, string? path)
    {
        if (path is not null)
        {
            list.Add(Join(type, path));
        }
    }

    private static LinuxNamespace New(string type) => new() { Type = type };

    private static LinuxNamespace Join(string type, string path) => path.StartsWith('/')
        ? new LinuxNamespace { Type = type, Path = path }
        : throw new ContainerSpecException($"{type} namespace path \"{path}\" is not absolute");
}

using Runtime.V1;

namespace Crisp.IntegrationTests.Harness.Pods;

/// <summary>Container configurations for the tests, shaped like the kubelet's (log path "&lt;name&gt;/&lt;attempt&gt;.log", a linux section).</summary>
public static class ContainerConfigs
{
    /// <summary>
    /// A shell loop that exits 0 on SIGTERM at once (the trap interrupts <c>wait</c>) and prints "ready" first. As PID 1
    /// of its PID namespace a process only gets the signals it has a handler for, so the trap is what makes it stoppable.
    /// </summary>
    public const string UntilTerm = "trap 'echo got-term; exit 0' TERM; echo ready; while true; do sleep 1 & wait $!; done";

    /// <summary><paramref name="command"/> run in <paramref name="image"/> as container <paramref name="name"/>, attempt 0.</summary>
    public static ContainerConfig Command(string image, string name, params string[] command)
    {
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = name, Attempt = 0 },
            Image = new ImageSpec { Image = image },
            LogPath = $"{name}/0.log",
            Linux = new LinuxContainerConfig { Resources = new LinuxContainerResources() },
        };
        config.Command.AddRange(command);
        return config;
    }

    /// <summary><c>sh -c <paramref name="script"/></c>.</summary>
    public static ContainerConfig Shell(string image, string name, string script) => Command(image, name, "sh", "-c", script);

    /// <summary>Sets linux.resources (cgroup limits) on the config.</summary>
    public static ContainerConfig WithResources(this ContainerConfig config, long memoryLimitInBytes = 0, long cpuShares = 0)
    {
        config.Linux ??= new LinuxContainerConfig();
        config.Linux.Resources ??= new LinuxContainerResources();
        config.Linux.Resources.MemoryLimitInBytes = memoryLimitInBytes;
        config.Linux.Resources.CpuShares = cpuShares;
        return config;
    }

    /// <summary>Adds a bind mount of <paramref name="hostPath"/> at <paramref name="containerPath"/>.</summary>
    public static ContainerConfig WithMount(this ContainerConfig config, string hostPath, string containerPath, bool readOnly = false)
    {
        config.Mounts.Add(new Mount { HostPath = hostPath, ContainerPath = containerPath, Readonly = readOnly });
        return config;
    }

    /// <summary>Adds labels (key, value pairs).</summary>
    public static ContainerConfig WithLabel(this ContainerConfig config, string key, string value)
    {
        config.Labels[key] = value;
        return config;
    }
}

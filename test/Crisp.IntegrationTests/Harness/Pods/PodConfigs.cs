using Runtime.V1;

namespace Crisp.IntegrationTests.Harness.Pods;

/// <summary>Pod sandbox configurations for the tests.</summary>
public static class PodConfigs
{
    /// <summary>
    /// The seed 004 <c>sandbox_config.json</c>: name nginx-sandbox (unless <paramref name="name"/>), namespace
    /// default, a fresh uid, attempt 1, a log directory under <paramref name="logRoot"/>, <c>linux {}</c>.
    /// </summary>
    public static PodSandboxConfig Seed(string logRoot, string name = "nginx-sandbox")
    {
        var uid = Guid.NewGuid().ToString();
        return new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = name, Namespace = "default", Uid = uid, Attempt = 1 },
            LogDirectory = Path.Combine(logRoot, "pods", $"default_{name}_{uid}"),
            Linux = new LinuxPodSandboxConfig(),
        };
    }

    /// <summary>The seed config with a namespace option set.</summary>
    public static PodSandboxConfig WithNamespaces(this PodSandboxConfig config, NamespaceMode network = NamespaceMode.Pod, NamespaceMode pid = NamespaceMode.Container, NamespaceMode ipc = NamespaceMode.Pod)
    {
        config.Linux ??= new LinuxPodSandboxConfig();
        config.Linux.SecurityContext = new LinuxSandboxSecurityContext
        {
            NamespaceOptions = new NamespaceOption { Network = network, Pid = pid, Ipc = ipc },
        };
        return config;
    }
}

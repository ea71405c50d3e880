using System.Globalization;
using Crisp.Core.Sandboxes;

namespace Crisp.Core.Containers;

/// <summary>Container names as CRI-O builds them.</summary>
public static class ContainerNames
{
    /// <summary><c>k8s_&lt;container&gt;_&lt;pod&gt;_&lt;namespace&gt;_&lt;uid&gt;_&lt;attempt&gt;</c>.</summary>
    public static string For(string containerName, uint attempt, SandboxMetadata pod) =>
        string.Join('_', "k8s", containerName, pod.Name, pod.Namespace, pod.Uid, attempt.ToString(CultureInfo.InvariantCulture));
}

using System.Globalization;

namespace Crisp.Core.Sandboxes;

/// <summary>Pod sandbox names as CRI-O builds them.</summary>
public static class SandboxNames
{
    /// <summary><c>k8s_&lt;name&gt;_&lt;namespace&gt;_&lt;uid&gt;_&lt;attempt&gt;</c>.</summary>
    public static string For(SandboxMetadata metadata) =>
        string.Join('_', "k8s", metadata.Name, metadata.Namespace, metadata.Uid, metadata.Attempt.ToString(CultureInfo.InvariantCulture));
}

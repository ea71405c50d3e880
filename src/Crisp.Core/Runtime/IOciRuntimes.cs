using Crisp.Oci.Runtime;

namespace Crisp.Core.Runtime;

/// <summary>The OCI runtime (conmon + runc) of each configured runtime handler.</summary>
public interface IOciRuntimes
{
    /// <summary>The runtime of the handler named <paramref name="handler"/> in <c>crio.runtime.runtimes</c>.</summary>
    /// <exception cref="Crisp.Config.ConfigException">The handler is unknown or its binaries are missing.</exception>
    IOciRuntime For(string handler);
}

using System.Reflection;

namespace Crisp.Core;

/// <summary>What crisp calls itself over the CRI.</summary>
public static class RuntimeIdentity
{
    public const string Name = "crisp";

    /// <summary>The CRI API version crisp serves.</summary>
    public const string ApiVersion = "v1";

    /// <summary>The kubelet's Version call reports this as the CRI "version" (the API's own version string).</summary>
    public const string KubeApiVersion = "0.1.0";

    /// <summary>crisp's own version, from the assembly's informational version without a build suffix.</summary>
    public static string Version { get; } = ReadVersion();

    private static string ReadVersion()
    {
        var attribute = typeof(RuntimeIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>();
        var text = attribute?.InformationalVersion ?? "0.0.0";
        var plus = text.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? text : text[..plus];
    }
}

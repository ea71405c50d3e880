namespace Crisp.Network.Cni;

/// <summary>
/// A CNI plugin failed: which plugin, in which network, on which command, and what it said (the CNI error
/// <c>{code, msg, details}</c> it printed, or its stderr).
/// </summary>
public sealed class CniPluginException : Exception
{
    public CniPluginException(string pluginType, string? networkName, string command, int? code, string pluginMessage, string? details, string? stderr, Exception? inner = null)
        : base(Describe(pluginType, networkName, command, code, pluginMessage, details), inner)
    {
        PluginType = pluginType;
        NetworkName = networkName;
        Command = command;
        Code = code;
        PluginMessage = pluginMessage;
        Details = details;
        Stderr = stderr;
    }

    /// <summary>The plugin's <c>type</c>.</summary>
    public string PluginType { get; }

    public string? NetworkName { get; }

    /// <summary>ADD, DEL, CHECK or VERSION.</summary>
    public string Command { get; }

    /// <summary>The CNI error code (3 = container unknown, 7 = invalid config, 11 = try again later, ...).</summary>
    public int? Code { get; }

    /// <summary>The plugin's <c>msg</c>.</summary>
    public string PluginMessage { get; }

    /// <summary>The plugin's <c>details</c>.</summary>
    public string? Details { get; }

    /// <summary>What the plugin wrote to stderr.</summary>
    public string? Stderr { get; }

    /// <summary>CNI error 3: the container is unknown to the plugin, nothing to clean up.</summary>
    public bool IsContainerUnknown => Code == 3;

    private static string Describe(string pluginType, string? networkName, string command, int? code, string message, string? details)
    {
        var network = networkName is null ? "" : $" in network \"{networkName}\"";
        var detail = string.IsNullOrEmpty(details) ? "" : $": {details}";
        var codeText = code is null ? "" : $" (CNI error code {code})";
        return $"CNI plugin \"{pluginType}\"{network} failed on {command}: {message}{detail}{codeText}";
    }
}

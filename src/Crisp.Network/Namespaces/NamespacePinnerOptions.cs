namespace Crisp.Network.Namespaces;

/// <summary>Where pod namespaces are pinned and which helper programs create them.</summary>
/// <param name="NamespacesDir">CRI-O's <c>namespaces_dir</c>: pins go to <c>&lt;dir&gt;/{netns,ipcns,utsns}/&lt;name&gt;</c>.</param>
public sealed record NamespacePinnerOptions(string NamespacesDir)
{
    /// <summary>util-linux unshare (a name is looked up in PATH).</summary>
    public string UnsharePath { get; init; } = "unshare";

    /// <summary>The shell that writes host name and sysctls inside the new namespaces.</summary>
    public string ShellPath { get; init; } = "/bin/sh";

    /// <summary>How long the helper may take before it is killed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
}

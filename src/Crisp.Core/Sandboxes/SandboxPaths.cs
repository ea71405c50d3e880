namespace Crisp.Core.Sandboxes;

/// <summary>
/// Where a pod's files live. State that must survive a reboot is under the root, the rest under the runroot:
/// <code>
/// ROOT/sandboxes/ID/state.json                 the sandbox record (SandboxStore)
/// RUNROOT/sandboxes/ID/{hostname,resolv.conf,hosts,shm}   the pod's files and its /dev/shm tmpfs
/// ROOT/overlay-containers/ID/{upper,work,merged}           the infra container's root file system
/// RUNROOT/overlay-containers/ID/userdata/config.json       the infra container's OCI bundle
/// </code>
/// </summary>
public sealed class SandboxPaths(string root, string runRoot)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string RunRoot { get; } = Path.GetFullPath(runRoot);

    /// <summary><c>&lt;runroot&gt;/sandboxes</c>.</summary>
    public string UserdataRoot => Path.Combine(RunRoot, "sandboxes");

    public string UserdataDirectory(string id) => Path.Combine(UserdataRoot, SandboxIds.Validate(id));

    public string HostnameFile(string id) => Path.Combine(UserdataDirectory(id), "hostname");

    public string ResolvConf(string id) => Path.Combine(UserdataDirectory(id), "resolv.conf");

    public string HostsFile(string id) => Path.Combine(UserdataDirectory(id), "hosts");

    public string Shm(string id) => Path.Combine(UserdataDirectory(id), "shm");

    /// <summary>A container's storage directory (<c>&lt;root&gt;/overlay-containers/&lt;id&gt;</c>): upper, work, merged.</summary>
    public string ContainerStorage(string id) => Path.Combine(Root, "overlay-containers", id);

    /// <summary>A container's OCI bundle (<c>&lt;runroot&gt;/overlay-containers/&lt;id&gt;/userdata</c>).</summary>
    public string ContainerBundle(string id) => Path.Combine(RunRoot, "overlay-containers", id, "userdata");
}

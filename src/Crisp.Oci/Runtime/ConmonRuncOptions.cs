namespace Crisp.Oci.Runtime;

/// <summary>How cgroups are managed: paths written directly, or systemd slices and scopes.</summary>
public enum CgroupManager
{
    Cgroupfs,
    Systemd,
}

/// <summary>Settings of <see cref="ConmonRuncRuntime"/>: where conmon and runc live and where their state goes.</summary>
public sealed record ConmonRuncOptions
{
    /// <summary>The conmon binary.</summary>
    public string ConmonPath { get; init; } = "/usr/bin/conmon";

    /// <summary>The OCI runtime binary (runc).</summary>
    public string RuntimePath { get; init; } = "/usr/sbin/runc";

    /// <summary>runc's state directory (<c>runc --root</c>), e.g. <c>&lt;runroot&gt;/runc</c>.</summary>
    public required string RuntimeRoot { get; init; }

    /// <summary>Where conmon writes <c>&lt;id&gt;</c> holding the exit code when a container exits.</summary>
    public required string ExitsDirectory { get; init; }

    /// <summary>Per-container persist directories (<c>&lt;root&gt;/&lt;id&gt;</c>): conmon's <c>exit</c> and <c>oom</c> files.</summary>
    public required string PersistRoot { get; init; }

    /// <summary>conmon's <c>--socket-dir-path</c>: <c>&lt;dir&gt;/&lt;id&gt;</c> links to the bundle holding the attach socket.</summary>
    public required string AttachSocketDirectory { get; init; }

    /// <summary>Scratch space for exec process specs and exec logs.</summary>
    public string ExecScratchDirectory { get; init; } = Path.GetTempPath();

    /// <summary>conmon's <c>--log-level</c> (error, warning, info, debug, trace).</summary>
    public string LogLevel { get; init; } = "info";

    /// <summary>Pass <c>--syslog</c> to conmon (as CRI-O does) so its own messages reach syslog.</summary>
    public bool Syslog { get; init; } = true;

    public CgroupManager CgroupManager { get; init; } = CgroupManager.Cgroupfs;

    /// <summary>
    /// The cgroup conmon is moved into before it runs runc (cgroupfs only): a path such as <c>/crisp/conmon</c>
    /// created under every cgroup v1 hierarchy and the v2 tree. Null leaves conmon in crisp's cgroup.
    /// </summary>
    public string? MonitorCgroup { get; init; }

    /// <summary>Environment of conmon ("NAME=value"); PATH is added from ours when missing.</summary>
    public IReadOnlyList<string> MonitorEnvironment { get; init; } = [];

    /// <summary>conmon's <c>--log-size-max</c> in bytes; negative means unlimited.</summary>
    public long LogSizeMax { get; init; } = -1;

    /// <summary>Ask runc not to use pivot_root (<c>--no-pivot</c>), for roots on a ramfs.</summary>
    public bool NoPivot { get; init; }

    /// <summary>How long to wait for conmon to report the container pid (CRI-O: 4 minutes).</summary>
    public TimeSpan CreateTimeout { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>How long a runc command (start, state, kill, delete, ...) may take before it is killed.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The largest exec-sync output kept per stream (CRI-O: 16 MiB).</summary>
    public int MaxExecOutputBytes { get; init; } = 16 * 1024 * 1024;
}

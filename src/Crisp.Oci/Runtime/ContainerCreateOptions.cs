namespace Crisp.Oci.Runtime;

/// <summary>One container for <see cref="IOciRuntime.CreateAsync"/>: its bundle already holds config.json.</summary>
public sealed record ContainerCreateOptions
{
    /// <summary>The container id: letters, digits, '_', '-' and '.', not starting with '.' or '-'.</summary>
    public required string Id { get; init; }

    /// <summary>The OCI bundle directory (config.json and, usually, rootfs). conmon runs here.</summary>
    public required string BundleDirectory { get; init; }

    /// <summary>The CRI log file conmon writes (k8s-file format). May not contain ':'.</summary>
    public required string LogPath { get; init; }

    /// <summary>The container's name for conmon's messages; defaults to the id.</summary>
    public string? Name { get; init; }

    /// <summary>Allocate a terminal (the spec's process.terminal must agree).</summary>
    public bool Terminal { get; init; }

    /// <summary>Keep a stdin pipe the attach socket can write to.</summary>
    public bool Stdin { get; init; }

    /// <summary>Close stdin after the first attach disconnects (else conmon gets <c>--leave-stdin-open</c>).</summary>
    public bool StdinOnce { get; init; }

    /// <summary>Where runc writes the container pid; defaults to <c>&lt;bundle&gt;/pidfile</c>.</summary>
    public string? ContainerPidFile { get; init; }

    /// <summary>Where conmon writes its own pid; defaults to <c>&lt;bundle&gt;/conmon-pidfile</c>.</summary>
    public string? ConmonPidFile { get; init; }

    /// <summary>Overrides <see cref="ConmonRuncOptions.CreateTimeout"/> for this container.</summary>
    public TimeSpan? CreateTimeout { get; init; }
}

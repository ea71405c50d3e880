namespace Crisp.Oci.Spec;

/// <summary>How a namespace is obtained.</summary>
public enum NamespaceTargetKind
{
    /// <summary>Share the host's namespace.</summary>
    Host,

    /// <summary>Create a new namespace.</summary>
    New,

    /// <summary>Join an existing namespace by path (a pinned bind mount or /proc/PID/ns/…).</summary>
    Join,
}

/// <summary>A namespace choice for the infra container: host, new, or join a path.</summary>
public sealed record NamespaceTarget
{
    private NamespaceTarget(NamespaceTargetKind kind, string? path)
    {
        Kind = kind;
        Path = path;
    }

    public NamespaceTargetKind Kind { get; }

    /// <summary>The namespace file to join (Join only).</summary>
    public string? Path { get; }

    public static NamespaceTarget Host { get; } = new(NamespaceTargetKind.Host, null);

    public static NamespaceTarget New { get; } = new(NamespaceTargetKind.New, null);

    public static NamespaceTarget Join(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new NamespaceTarget(NamespaceTargetKind.Join, path);
    }

    public override string ToString() => Kind == NamespaceTargetKind.Join ? $"join {Path}" : Kind.ToString().ToLowerInvariant();
}

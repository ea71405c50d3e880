using System.Runtime.InteropServices;

namespace Crisp.Linux;

/// <summary>What <see cref="ProcessSpawner.Spawn"/> starts.</summary>
public sealed record SpawnRequest
{
    /// <summary>The executable: a path, or a bare name looked up in the PATH of <see cref="Environment"/> (else ours).</summary>
    public required string Path { get; init; }

    /// <summary>argv, including argv[0].</summary>
    public required IReadOnlyList<string> Arguments { get; init; }

    /// <summary>"NAME=value" entries; null inherits this process's environment.</summary>
    public IReadOnlyList<string>? Environment { get; init; }

    /// <summary>The child's working directory; null keeps ours.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// Descriptors the child gets: target fd number → open handle (dup2'd, so the close-on-exec flag of the
    /// handle does not matter). Stdin, stdout and stderr that are not given are /dev/null; every other
    /// descriptor is closed in the child.
    /// </summary>
    public IReadOnlyDictionary<int, SafeHandle> Descriptors { get; init; } = new Dictionary<int, SafeHandle>();

    /// <summary>Starts the child in a new session (POSIX_SPAWN_SETSID), away from our terminal and process group.</summary>
    public bool NewSession { get; init; }
}

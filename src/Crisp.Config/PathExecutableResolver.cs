namespace Crisp.Config;

/// <summary>The real <see cref="IExecutableResolver"/>: searches the PATH it was given (default: the process's).</summary>
public sealed class PathExecutableResolver : IExecutableResolver
{
    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private readonly string[] _directories;

    /// <summary>Creates a resolver over <paramref name="searchPath"/> (colon-separated; null = $PATH).</summary>
    public PathExecutableResolver(string? searchPath = null)
    {
        var path = searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "";
        _directories = path.Split(':').Select(d => d.Length == 0 ? "." : d).ToArray();
    }

    /// <summary>A resolver over the current process's PATH.</summary>
    public static PathExecutableResolver Instance { get; } = new();

    /// <inheritdoc />
    public string? Resolve(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (nameOrPath.Length == 0)
        {
            return null;
        }

        if (nameOrPath.Contains('/', StringComparison.Ordinal))
        {
            return IsExecutable(nameOrPath) ? nameOrPath : null;
        }

        foreach (var directory in _directories)
        {
            var candidate = Path.Combine(directory, nameOrPath);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        return OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & AnyExecute) != 0;
    }
}

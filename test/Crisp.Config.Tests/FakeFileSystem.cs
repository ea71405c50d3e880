namespace Crisp.Config.Tests;

/// <summary>An in-memory file system that answers both validator interfaces.</summary>
internal sealed class FakeFileSystem : IFileProbe, IExecutableResolver
{
    private readonly HashSet<string> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _executables = new(StringComparer.Ordinal);
    private readonly string[] _path;

    public FakeFileSystem(params string[] path)
    {
        _path = path.Length == 0 ? ["/usr/local/bin", "/usr/bin"] : path;
    }

    /// <summary>A host with runc and conmon in /usr/bin.</summary>
    public static FakeFileSystem WithRuncAndConmon() => new FakeFileSystem().AddExecutable("/usr/bin/runc").AddExecutable("/usr/bin/conmon");

    public FakeFileSystem AddFile(string path)
    {
        _files.Add(path);
        return this;
    }

    public FakeFileSystem AddExecutable(string path)
    {
        _files.Add(path);
        _executables.Add(path);
        return this;
    }

    public bool FileExists(string path) => _files.Contains(path);

    public bool DirectoryExists(string path) => _files.Any(f => f.StartsWith(path.TrimEnd('/') + "/", StringComparison.Ordinal));

    public string? Resolve(string nameOrPath)
    {
        if (nameOrPath.Contains('/', StringComparison.Ordinal))
        {
            return _executables.Contains(nameOrPath) ? nameOrPath : null;
        }

        return _path.Select(d => d + "/" + nameOrPath).FirstOrDefault(_executables.Contains);
    }
}

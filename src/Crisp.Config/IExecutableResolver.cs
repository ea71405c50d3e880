namespace Crisp.Config;

/// <summary>Finds executables the way a shell does, behind an interface so tests can answer.</summary>
public interface IExecutableResolver
{
    /// <summary>
    /// For a path (contains '/'): the path when it is an executable file. For a bare name: the first
    /// executable match in PATH. Null when nothing is found.
    /// </summary>
    string? Resolve(string nameOrPath);
}

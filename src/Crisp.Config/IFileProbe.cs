namespace Crisp.Config;

/// <summary>File-system questions the validator asks, behind an interface so tests can answer them.</summary>
public interface IFileProbe
{
    /// <summary>True when <paramref name="path"/> is an existing file.</summary>
    bool FileExists(string path);

    /// <summary>True when <paramref name="path"/> is an existing directory.</summary>
    bool DirectoryExists(string path);
}

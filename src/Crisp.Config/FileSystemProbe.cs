namespace Crisp.Config;

/// <summary>The real <see cref="IFileProbe"/>.</summary>
public sealed class FileSystemProbe : IFileProbe
{
    /// <summary>Shared instance.</summary>
    public static FileSystemProbe Instance { get; } = new();

    /// <inheritdoc />
    public bool FileExists(string path) => File.Exists(path);

    /// <inheritdoc />
    public bool DirectoryExists(string path) => Directory.Exists(path);
}

using Crisp.Linux;

namespace Crisp.Storage.Tests.Support;

/// <summary>A scratch directory on the real file system; unmounts anything below it and removes it on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "crisp-storage-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Creates (and returns) a subdirectory.</summary>
    public string Create(params string[] parts)
    {
        var path = Combine(parts);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose()
    {
        foreach (var mountPoint in MountTable.MountPointsUnder(Path).OrderByDescending(p => p.Length))
        {
            MountCalls.Unmount(mountPoint);
        }

        FileTree.Remove(Path);
    }
}

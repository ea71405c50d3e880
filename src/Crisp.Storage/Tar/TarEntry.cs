using System.Text;
using Crisp.Linux;

namespace Crisp.Storage.Tar;

internal enum TarEntryType
{
    Regular,
    HardLink,
    Symlink,
    CharDevice,
    BlockDevice,
    Directory,
    Fifo,
}

/// <summary>One tar member after PAX/GNU extensions were applied. Names are the archive's raw bytes.</summary>
internal sealed class TarEntry
{
    public required byte[] Name { get; init; }

    public byte[] LinkName { get; init; } = [];

    public TarEntryType Type { get; init; }

    /// <summary>Permission bits including setuid, setgid and sticky (07777).</summary>
    public uint Mode { get; init; }

    public uint Uid { get; init; }

    public uint Gid { get; init; }

    public long Size { get; init; }

    public FileTimestamp ModificationTime { get; init; }

    public FileTimestamp? AccessTime { get; init; }

    public uint DeviceMajor { get; init; }

    public uint DeviceMinor { get; init; }

    /// <summary>Extended attributes from PAX SCHILY.xattr.* / LIBARCHIVE.xattr.* records, values as raw bytes.</summary>
    public IReadOnlyList<KeyValuePair<string, byte[]>> Xattrs { get; init; } = [];

    public string DisplayName => Encoding.UTF8.GetString(Name);
}

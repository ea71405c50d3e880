using System.Buffers.Binary;

namespace Crisp.Linux;

/// <summary>A point in time as the kernel stores it for files.</summary>
public readonly record struct FileTimestamp(long Seconds, uint Nanoseconds)
{
    public static FileTimestamp FromDateTimeOffset(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var rest);
        if (rest < 0)
        {
            seconds--;
            rest += TimeSpan.TicksPerSecond;
        }

        return new FileTimestamp(seconds, (uint)(rest * 100));
    }

    public DateTimeOffset ToDateTimeOffset() =>
        DateTimeOffset.UnixEpoch.AddTicks((Seconds * TimeSpan.TicksPerSecond) + (Nanoseconds / 100));
}

/// <summary>What statx(2) says about a file (not following a final symlink unless asked).</summary>
public readonly record struct FileStatus(
    uint Mode,
    uint Uid,
    uint Gid,
    ulong Inode,
    uint LinkCount,
    long Size,
    long Blocks,
    uint RdevMajor,
    uint RdevMinor,
    uint DevMajor,
    uint DevMinor,
    FileTimestamp AccessTime,
    FileTimestamp ModificationTime,
    ulong Attributes,
    ulong AttributesMask)
{
    internal const ulong AttributeMountRoot = 0x2000;

    /// <summary>Permission bits including setuid, setgid and sticky (07777).</summary>
    public uint Permissions => Mode & 0xFFF;

    public FileKind Kind => (Mode & 0xF000) switch
    {
        0x8000 => FileKind.Regular,
        0x4000 => FileKind.Directory,
        0xA000 => FileKind.Symlink,
        0xC000 => FileKind.Socket,
        0x1000 => FileKind.Fifo,
        0x2000 => FileKind.CharDevice,
        0x6000 => FileKind.BlockDevice,
        _ => FileKind.Missing,
    };

    /// <summary>True when the kernel reports the path as the root of a mount (statx STATX_ATTR_MOUNT_ROOT).</summary>
    public bool? IsMountRoot => (AttributesMask & AttributeMountRoot) != 0 ? (Attributes & AttributeMountRoot) != 0 : null;

    /// <summary>An overlayfs whiteout: a character device with device number 0:0.</summary>
    public bool IsWhiteout => Kind == FileKind.CharDevice && RdevMajor == 0 && RdevMinor == 0;

    internal static FileStatus Parse(ReadOnlySpan<byte> b) => new(
        Mode: BinaryPrimitives.ReadUInt16LittleEndian(b[28..]),
        Uid: BinaryPrimitives.ReadUInt32LittleEndian(b[20..]),
        Gid: BinaryPrimitives.ReadUInt32LittleEndian(b[24..]),
        Inode: BinaryPrimitives.ReadUInt64LittleEndian(b[32..]),
        LinkCount: BinaryPrimitives.ReadUInt32LittleEndian(b[16..]),
        Size: BinaryPrimitives.ReadInt64LittleEndian(b[40..]),
        Blocks: BinaryPrimitives.ReadInt64LittleEndian(b[48..]),
        RdevMajor: BinaryPrimitives.ReadUInt32LittleEndian(b[128..]),
        RdevMinor: BinaryPrimitives.ReadUInt32LittleEndian(b[132..]),
        DevMajor: BinaryPrimitives.ReadUInt32LittleEndian(b[136..]),
        DevMinor: BinaryPrimitives.ReadUInt32LittleEndian(b[140..]),
        AccessTime: new FileTimestamp(BinaryPrimitives.ReadInt64LittleEndian(b[64..]), BinaryPrimitives.ReadUInt32LittleEndian(b[72..])),
        ModificationTime: new FileTimestamp(BinaryPrimitives.ReadInt64LittleEndian(b[112..]), BinaryPrimitives.ReadUInt32LittleEndian(b[120..])),
        Attributes: BinaryPrimitives.ReadUInt64LittleEndian(b[8..]),
        AttributesMask: BinaryPrimitives.ReadUInt64LittleEndian(b[56..]));
}

using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Linux;

/// <summary>One name in a directory, with its type when the file system reports it (d_type).</summary>
public readonly record struct DirectoryEntry(byte[] Name, FileKind? Kind);

/// <summary>Reads directories with getdents64(2), keeping names as raw bytes.</summary>
public static class DirectoryEntries
{
    /// <summary>All entries except "." and "..", of a directory opened readable (not O_PATH).</summary>
    public static unsafe List<DirectoryEntry> Read(SafeFileHandle directory)
    {
        var entries = new List<DirectoryEntry>();
        var buffer = new byte[32 * 1024];
        while (true)
        {
            nint n;
            fixed (byte* b = buffer)
            {
                n = Libc.GetDents64(directory, b, (nuint)buffer.Length);
            }

            if (n < 0)
            {
                throw SystemCallException.Last("getdents64");
            }

            if (n == 0)
            {
                return entries;
            }

            for (var offset = 0; offset < n;)
            {
                var record = buffer.AsSpan(offset, (int)n - offset);
                var length = BinaryPrimitives.ReadUInt16LittleEndian(record[16..]);
                var type = record[18];
                var name = record[19..length];
                var end = name.IndexOf((byte)0);
                if (end >= 0)
                {
                    name = name[..end];
                }

                if (!(name.SequenceEqual("."u8) || name.SequenceEqual(".."u8)))
                {
                    entries.Add(new DirectoryEntry(name.ToArray(), KindOf(type)));
                }

                offset += length;
            }
        }
    }

    private static FileKind? KindOf(byte type) => type switch
    {
        1 => FileKind.Fifo,
        2 => FileKind.CharDevice,
        4 => FileKind.Directory,
        6 => FileKind.BlockDevice,
        8 => FileKind.Regular,
        10 => FileKind.Symlink,
        12 => FileKind.Socket,
        _ => null,
    };
}

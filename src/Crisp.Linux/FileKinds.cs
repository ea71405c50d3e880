using System.Runtime.InteropServices;

namespace Crisp.Linux;

/// <summary>What a path is, from its mode bits (without following a final symlink).</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    Symlink,
    Socket,
    Fifo,
    CharDevice,
    BlockDevice,
}

public static class FileKinds
{
    private const int StatxModeOffset = 28;

    public static FileKind Of(string path)
    {
        Span<byte> buffer = stackalloc byte[256];
        int rc;
        unsafe
        {
            fixed (byte* p = buffer)
            {
                rc = Libc.Statx(Libc.AtFdCwd, path, Libc.AtSymlinkNoFollow, Libc.StatxType, p);
            }
        }

        if (rc != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno is 2 or 20 // ENOENT, ENOTDIR
                ? FileKind.Missing
                : throw new IOException($"cannot stat {path}: {Marshal.GetPInvokeErrorMessage(errno)}");
        }

        var mode = MemoryMarshal.Read<ushort>(buffer[StatxModeOffset..]);
        return (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.Symlink,
            0xC000 => FileKind.Socket,
            0x1000 => FileKind.Fifo,
            0x2000 => FileKind.CharDevice,
            0x6000 => FileKind.BlockDevice,
            _ => throw new IOException($"unknown file type {mode:x} at {path}"),
        };
    }
}

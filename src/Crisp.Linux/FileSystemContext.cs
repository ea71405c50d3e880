using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Linux;

/// <summary>Attributes of a mount created with the new mount API (MOUNT_ATTR_*).</summary>
[Flags]
public enum MountAttributes : long
{
    None = 0,
    ReadOnly = 0x1,
    NoSuid = 0x2,
    NoDev = 0x4,
    NoExec = 0x8,
}

/// <summary>
/// A file-system context from fsopen(2): configure it key by key with fsconfig(2), create the
/// superblock, then fsmount(2) and move_mount(2) it onto a path. Unlike mount(2) the options are not
/// packed into one page, and directories can be passed as handles (FSCONFIG_SET_FD).
/// </summary>
public sealed class FileSystemContext : IDisposable
{
    private readonly SafeFileHandle _handle;

    private FileSystemContext(string fileSystemType, SafeFileHandle handle)
    {
        FileSystemType = fileSystemType;
        _handle = handle;
    }

    public string FileSystemType { get; }

    /// <summary>fsopen(2). Throws with errno ENOSYS on kernels before 5.2.</summary>
    public static unsafe FileSystemContext Open(string fileSystemType)
    {
        var name = NativeString.From(fileSystemType);
        long fd;
        fixed (byte* p = name)
        {
            fd = Libc.SyscallFsOpen(Libc.SysFsOpen, p, Libc.FsOpenCloexec);
        }

        return fd < 0
            ? throw SystemCallException.Last("fsopen", fileSystemType)
            : new FileSystemContext(fileSystemType, new SafeFileHandle((nint)fd, ownsHandle: true));
    }

    public unsafe void SetFlag(string key)
    {
        var k = NativeString.From(key);
        fixed (byte* pk = k)
        {
            Check(Libc.SyscallFsConfig(Libc.SysFsConfig, _handle, Libc.FsConfigSetFlag, pk, null, 0), key);
        }
    }

    /// <summary>FSCONFIG_SET_STRING. The kernel limits values to 255 bytes.</summary>
    public unsafe void SetString(string key, string value)
    {
        var k = NativeString.From(key);
        var v = NativeString.From(value);
        fixed (byte* pk = k)
        fixed (byte* pv = v)
        {
            Check(Libc.SyscallFsConfig(Libc.SysFsConfig, _handle, Libc.FsConfigSetString, pk, pv, 0), key);
        }
    }

    /// <summary>FSCONFIG_SET_FD: passes an open handle (e.g. an overlayfs layer directory, Linux 6.13+).</summary>
    public unsafe void SetHandle(string key, SafeFileHandle value)
    {
        var k = NativeString.From(key);
        fixed (byte* pk = k)
        {
            Check(Libc.SyscallFsConfigFd(Libc.SysFsConfig, _handle, Libc.FsConfigSetFd, pk, null, value), key);
        }
    }

    /// <summary>FSCONFIG_CMD_CREATE: creates the superblock from the configuration.</summary>
    public unsafe void Create() =>
        Check(Libc.SyscallFsConfig(Libc.SysFsConfig, _handle, Libc.FsConfigCmdCreate, null, null, 0), "create");

    /// <summary>fsmount(2) then move_mount(2) onto <paramref name="target"/>.</summary>
    public unsafe void MountAt(string target, MountAttributes attributes)
    {
        var fd = Libc.SyscallFsMount(Libc.SysFsMount, _handle, Libc.FsMountCloexec, (long)attributes);
        if (fd < 0)
        {
            throw WithLog(SystemCallException.Last("fsmount", FileSystemType));
        }

        using var mount = new SafeFileHandle((nint)fd, ownsHandle: true);
        var empty = NativeString.From(""u8);
        var to = NativeString.From(target);
        long rc;
        fixed (byte* pe = empty)
        fixed (byte* pt = to)
        {
            rc = Libc.SyscallMoveMount(Libc.SysMoveMount, mount, pe, Libc.AtFdCwd, pt, Libc.MoveMountFEmptyPath);
        }

        if (rc != 0)
        {
            throw SystemCallException.Last("move_mount", target);
        }
    }

    /// <summary>Messages the file system logged on the context ("e overlay: ..."), oldest first.</summary>
    public unsafe string ReadLog()
    {
        var lines = new List<string>();
        var buffer = new byte[1024];
        while (true)
        {
            nint n;
            fixed (byte* b = buffer)
            {
                n = Libc.ReadFd(_handle, b, (nuint)buffer.Length);
            }

            if (n <= 0)
            {
                return string.Join("; ", lines);
            }

            lines.Add(Encoding.UTF8.GetString(buffer, 0, (int)n).TrimEnd('\n'));
        }
    }

    public void Dispose() => _handle.Dispose();

    private void Check(long rc, string key)
    {
        if (rc != 0)
        {
            throw WithLog(SystemCallException.Last($"fsconfig {FileSystemType} {key}"));
        }
    }

    private SystemCallException WithLog(SystemCallException error)
    {
        var log = ReadLog();
        return log.Length == 0
            ? error
            : new SystemCallException(error.Operation, error.Errno, error.Target, log);
    }
}

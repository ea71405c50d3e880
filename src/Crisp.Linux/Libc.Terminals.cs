using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Linux;

/// <summary>Pseudo-terminals: posix_openpt(3) and friends, window sizes and termios.</summary>
internal static partial class Libc
{
    internal const int ONoctty = 0x100;
    internal const int EIo = 5;

    /// <summary>ioctl requests of asm-generic/ioctls.h (the same on x86-64 and arm64).</summary>
    internal const ulong TiocGWinSz = 0x5413;
    internal const ulong TiocSWinSz = 0x5414;

    internal const int TcsaNow = 0;

    /// <summary>Bytes reserved for a struct termios (glibc: 60).</summary>
    internal const int TermiosSize = 256;

    /// <summary>struct termios starts with four tcflag_t (unsigned int): c_iflag, c_oflag, c_cflag, c_lflag.</summary>
    internal const int TermiosOutputFlagsOffset = 4;

    internal const uint OPost = 0x1;
    internal const uint ONlcr = 0x4;

    [StructLayout(LayoutKind.Sequential)]
    internal struct WinSize
    {
        public ushort Rows;
        public ushort Columns;
        public ushort XPixels;
        public ushort YPixels;
    }

    [LibraryImport("libc", EntryPoint = "posix_openpt", SetLastError = true)]
    internal static partial int PosixOpenPt(int flags);

    [LibraryImport("libc", EntryPoint = "grantpt", SetLastError = true)]
    internal static partial int GrantPt(SafeFileHandle master);

    [LibraryImport("libc", EntryPoint = "unlockpt", SetLastError = true)]
    internal static partial int UnlockPt(SafeFileHandle master);

    /// <summary>Returns 0 or an errno value (not -1 and errno).</summary>
    [LibraryImport("libc", EntryPoint = "ptsname_r")]
    internal static unsafe partial int PtsNameR(SafeFileHandle master, byte* buffer, nuint length);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    internal static unsafe partial int IoctlWinSize(SafeHandle fd, ulong request, WinSize* size);

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    internal static unsafe partial int TcGetAttr(SafeHandle fd, byte* termios);

    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    internal static unsafe partial int TcSetAttr(SafeHandle fd, int optionalActions, byte* termios);

    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    internal static unsafe partial void CfMakeRaw(byte* termios);
}

using System.Runtime.InteropServices;

namespace Crisp.Linux;

/// <summary>Extended attributes. Names are C strings, values are raw bytes (binary-safe).</summary>
internal static partial class Libc
{
    [LibraryImport("libc", EntryPoint = "lsetxattr", SetLastError = true)]
    internal static unsafe partial int LSetXattr(byte* path, byte* name, byte* value, nuint size, int flags);

    [LibraryImport("libc", EntryPoint = "setxattr", SetLastError = true)]
    internal static unsafe partial int SetXattrFollow(byte* path, byte* name, byte* value, nuint size, int flags);

    [LibraryImport("libc", EntryPoint = "lgetxattr", SetLastError = true)]
    internal static unsafe partial nint LGetXattr(byte* path, byte* name, byte* value, nuint size);

    [LibraryImport("libc", EntryPoint = "llistxattr", SetLastError = true)]
    internal static unsafe partial nint LListXattr(byte* path, byte* list, nuint size);
}

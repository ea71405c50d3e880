using System.Runtime.InteropServices;

namespace Crisp.Linux;

/// <summary>statfs(2): which file system a path lives on.</summary>
internal static partial class Libc
{
    /// <summary>sizeof(struct statfs) is 120 bytes on x86-64 and arm64; f_type is its first word.</summary>
    internal const int StatFsBufferSize = 120;

    [LibraryImport("libc", EntryPoint = "statfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static unsafe partial int StatFsPath(string path, byte* buffer);
}

using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Linux;

/// <summary>setns(2): moves the calling thread into the namespace a file refers to.</summary>
internal static partial class Libc
{
    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    internal static partial int SetNs(SafeFileHandle fd, int namespaceType);
}

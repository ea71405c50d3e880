using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Linux;

/// <summary>NUL-terminated byte strings for libc, and readable renderings of raw names for messages.</summary>
internal static class NativeString
{
    public static byte[] From(ReadOnlySpan<byte> name)
    {
        if (name.Contains((byte)0))
        {
            throw new ArgumentException($"name contains a NUL byte: {Display(name)}", nameof(name));
        }

        var bytes = new byte[name.Length + 1];
        name.CopyTo(bytes);
        return bytes;
    }

    public static byte[] From(string text) => From(Encoding.UTF8.GetBytes(text));

    public static string Display(ReadOnlySpan<byte> name) => Encoding.UTF8.GetString(name);

    /// <summary>
    /// "/proc/self/fd/N/name": names an entry of an open directory for calls with no *at form (xattrs).
    /// The caller keeps <paramref name="directory"/> referenced until the call returns.
    /// </summary>
    public static byte[] ProcPath(SafeFileHandle directory, ReadOnlySpan<byte> name)
    {
        if (FileSystemCalls.IsCurrentDirectory(directory))
        {
            return From(name);
        }

        var prefix = Encoding.ASCII.GetBytes($"/proc/self/fd/{directory.DangerousGetHandle()}");
        if (name.IsEmpty)
        {
            return From(prefix);
        }

        var bytes = new byte[prefix.Length + 1 + name.Length];
        prefix.CopyTo(bytes, 0);
        bytes[prefix.Length] = (byte)'/';
        name.CopyTo(bytes.AsSpan(prefix.Length + 1));
        return From(bytes);
    }
}

/// <summary>Keeps a handle's fd number valid while it is used inside a /proc/self/fd path.</summary>
internal ref struct HandleHold
{
    private readonly SafeFileHandle _handle;
    private bool _added;

    public HandleHold(SafeFileHandle handle)
    {
        _handle = handle;
        handle.DangerousAddRef(ref _added);
    }

    public void Dispose()
    {
        if (_added)
        {
            _added = false;
            _handle.DangerousRelease();
        }
    }
}

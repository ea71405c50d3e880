using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Linux;

/// <summary>
/// Extended attributes with binary-safe values. The *At forms never follow a final symlink (l*xattr on
/// /proc/self/fd/DIR/NAME); the handle forms act on the object an open handle refers to.
/// </summary>
public static class ExtendedAttributes
{
    /// <summary>lsetxattr on an entry of an open directory.</summary>
    public static void SetAt(SafeFileHandle directory, ReadOnlySpan<byte> name, string attribute, ReadOnlySpan<byte> value)
    {
        using var hold = new HandleHold(directory);
        Set(NativeString.ProcPath(directory, name), attribute, value, follow: false, NativeString.Display(name));
    }

    /// <summary>setxattr on the object <paramref name="handle"/> refers to (works for O_PATH handles).</summary>
    public static void Set(SafeFileHandle handle, string attribute, ReadOnlySpan<byte> value)
    {
        using var hold = new HandleHold(handle);
        Set(NativeString.ProcPath(handle, default), attribute, value, follow: true, "fd");
    }

    /// <summary>lsetxattr by path.</summary>
    public static void Set(string path, string attribute, ReadOnlySpan<byte> value) =>
        Set(NativeString.From(path), attribute, value, follow: false, path);

    /// <summary>lgetxattr on an entry of an open directory; null when the attribute is absent.</summary>
    public static byte[]? GetAt(SafeFileHandle directory, ReadOnlySpan<byte> name, string attribute)
    {
        using var hold = new HandleHold(directory);
        return Get(NativeString.ProcPath(directory, name), attribute, NativeString.Display(name));
    }

    /// <summary>lgetxattr by path; null when the attribute is absent.</summary>
    public static byte[]? Get(string path, string attribute) => Get(NativeString.From(path), attribute, path);

    /// <summary>llistxattr on an entry of an open directory.</summary>
    public static IReadOnlyList<string> ListAt(SafeFileHandle directory, ReadOnlySpan<byte> name)
    {
        using var hold = new HandleHold(directory);
        return List(NativeString.ProcPath(directory, name), NativeString.Display(name));
    }

    /// <summary>llistxattr by path.</summary>
    public static IReadOnlyList<string> List(string path) => List(NativeString.From(path), path);

    private static unsafe void Set(byte[] path, string attribute, ReadOnlySpan<byte> value, bool follow, string display)
    {
        var key = NativeString.From(attribute);
        int rc;
        fixed (byte* p = path)
        fixed (byte* k = key)
        fixed (byte* v = value)
        {
            rc = follow
                ? Libc.SetXattrFollow(p, k, v, (nuint)value.Length, 0)
                : Libc.LSetXattr(p, k, v, (nuint)value.Length, 0);
        }

        if (rc != 0)
        {
            throw SystemCallException.Last("lsetxattr " + attribute, display);
        }
    }

    private static unsafe byte[]? Get(byte[] path, string attribute, string display)
    {
        var key = NativeString.From(attribute);
        fixed (byte* p = path)
        fixed (byte* k = key)
        {
            while (true)
            {
                var size = Libc.LGetXattr(p, k, null, 0);
                if (size < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    return errno == Errno.ENoData ? null : throw new SystemCallException("lgetxattr " + attribute, errno, display);
                }

                var value = new byte[size];
                nint n;
                fixed (byte* v = value)
                {
                    n = Libc.LGetXattr(p, k, v, (nuint)value.Length);
                }

                if (n >= 0)
                {
                    return value[..(int)n];
                }

                if (Marshal.GetLastPInvokeError() != Errno.ERange)
                {
                    throw SystemCallException.Last("lgetxattr " + attribute, display);
                }
            }
        }
    }

    private static unsafe IReadOnlyList<string> List(byte[] path, string display)
    {
        fixed (byte* p = path)
        {
            while (true)
            {
                var size = Libc.LListXattr(p, null, 0);
                if (size < 0)
                {
                    throw SystemCallException.Last("llistxattr", display);
                }

                if (size == 0)
                {
                    return [];
                }

                var list = new byte[size];
                nint n;
                fixed (byte* l = list)
                {
                    n = Libc.LListXattr(p, l, (nuint)list.Length);
                }

                if (n < 0)
                {
                    if (Marshal.GetLastPInvokeError() == Errno.ERange)
                    {
                        continue;
                    }

                    throw SystemCallException.Last("llistxattr", display);
                }

                var names = new List<string>();
                foreach (var range in list.AsSpan(0, (int)n).Split((byte)0))
                {
                    var segment = list.AsSpan(0, (int)n)[range];
                    if (!segment.IsEmpty)
                    {
                        names.Add(Encoding.UTF8.GetString(segment));
                    }
                }

                return names;
            }
        }
    }
}

using System.Runtime.InteropServices;

namespace Crisp.Linux;

/// <summary>A failed system call: which call, on what, and the errno (for callers that branch on it).</summary>
public sealed class SystemCallException : IOException
{
    public SystemCallException(string operation, int errno, string? target = null, string? detail = null)
        : base(Describe(operation, errno, target, detail))
    {
        Operation = operation;
        Errno = errno;
        Target = target;
    }

    public string Operation { get; }

    public int Errno { get; }

    public string? Target { get; }

    internal static SystemCallException Last(string operation, string? target = null) =>
        new(operation, Marshal.GetLastPInvokeError(), target);

    private static string Describe(string operation, int errno, string? target, string? detail)
    {
        var where = target is null ? "" : $" {target}";
        var extra = string.IsNullOrEmpty(detail) ? "" : $" ({detail})";
        return $"{operation}{where}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}){extra}";
    }
}

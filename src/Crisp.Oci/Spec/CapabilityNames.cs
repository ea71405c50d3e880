using System.Diagnostics.CodeAnalysis;

namespace Crisp.Oci.Spec;

/// <summary>Linux capabilities by number, in CAP_XXX form.</summary>
internal static class CapabilityNames
{
    public const int LastKnown = 40;

    private static readonly string[] _byNumber =
    [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
        "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
        "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
        "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
        "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
        "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    ];

    private static readonly Dictionary<string, int> _numbers =
        _byNumber.Select((name, number) => (name, number)).ToDictionary(p => p.name, p => p.number, StringComparer.Ordinal);

    /// <summary>Every capability up to <paramref name="lastCapability"/>, in number order.</summary>
    public static IReadOnlyList<string> Supported(int lastCapability) =>
        _byNumber.AsSpan(0, Math.Clamp(lastCapability + 1, 0, _byNumber.Length)).ToArray();

    /// <summary>The number of a CAP_XXX name.</summary>
    public static int NumberOf(string capability) => _numbers[capability];

    /// <summary>"chown", "CHOWN", "cap_chown" → "CAP_CHOWN"; false for names that are not capabilities.</summary>
    public static bool TryNormalize(string name, [NotNullWhen(true)] out string? capability)
    {
        var upper = name.Trim().ToUpperInvariant();
        var candidate = upper.StartsWith("CAP_", StringComparison.Ordinal) ? upper : "CAP_" + upper;
        capability = _numbers.ContainsKey(candidate) ? candidate : null;
        return capability is not null;
    }
}

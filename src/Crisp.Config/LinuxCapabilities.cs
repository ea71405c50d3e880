using System.Diagnostics.CodeAnalysis;

namespace Crisp.Config;

/// <summary>Linux capability names, for checking <c>default_capabilities</c>.</summary>
public static class LinuxCapabilities
{
    private const string Prefix = "CAP_";

    private static readonly HashSet<string> _known = new(StringComparer.Ordinal)
    {
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_DAC_READ_SEARCH", "CAP_FOWNER", "CAP_FSETID", "CAP_KILL",
        "CAP_SETGID", "CAP_SETUID", "CAP_SETPCAP", "CAP_LINUX_IMMUTABLE", "CAP_NET_BIND_SERVICE",
        "CAP_NET_BROADCAST", "CAP_NET_ADMIN", "CAP_NET_RAW", "CAP_IPC_LOCK", "CAP_IPC_OWNER", "CAP_SYS_MODULE",
        "CAP_SYS_RAWIO", "CAP_SYS_CHROOT", "CAP_SYS_PTRACE", "CAP_SYS_PACCT", "CAP_SYS_ADMIN", "CAP_SYS_BOOT",
        "CAP_SYS_NICE", "CAP_SYS_RESOURCE", "CAP_SYS_TIME", "CAP_SYS_TTY_CONFIG", "CAP_MKNOD", "CAP_LEASE",
        "CAP_AUDIT_WRITE", "CAP_AUDIT_CONTROL", "CAP_SETFCAP", "CAP_MAC_OVERRIDE", "CAP_MAC_ADMIN", "CAP_SYSLOG",
        "CAP_WAKE_ALARM", "CAP_BLOCK_SUSPEND", "CAP_AUDIT_READ", "CAP_PERFMON", "CAP_BPF", "CAP_CHECKPOINT_RESTORE",
    };

    /// <summary>Every known capability, in CAP_XXX form.</summary>
    public static IReadOnlyCollection<string> All => _known;

    /// <summary>
    /// Turns "chown", "CHOWN" or "cap_chown" into "CAP_CHOWN"; false when the name is not a Linux capability.
    /// </summary>
    public static bool TryNormalize(string name, [NotNullWhen(true)] out string? capability)
    {
        ArgumentNullException.ThrowIfNull(name);
        var upper = name.Trim().ToUpperInvariant();
        var candidate = upper.StartsWith(Prefix, StringComparison.Ordinal) ? upper : Prefix + upper;
        capability = _known.Contains(candidate) ? candidate : null;
        return capability is not null;
    }
}

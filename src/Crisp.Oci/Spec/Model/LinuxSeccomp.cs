using System.Text.Json.Serialization;

namespace Crisp.Oci.Spec.Model;

/// <summary>A seccomp filter as the OCI spec describes it.</summary>
public sealed record LinuxSeccomp
{
    /// <summary>SCMP_ACT_* applied to syscalls no rule matches.</summary>
    public required string DefaultAction { get; init; }

    public uint? DefaultErrnoRet { get; init; }

    /// <summary>SCMP_ARCH_* values the filter covers.</summary>
    public IReadOnlyList<string>? Architectures { get; init; }

    public IReadOnlyList<string>? Flags { get; init; }

    public string? ListenerPath { get; init; }

    public string? ListenerMetadata { get; init; }

    public IReadOnlyList<LinuxSyscall>? Syscalls { get; init; }
}

/// <summary>A rule for a set of syscalls.</summary>
public sealed record LinuxSyscall
{
    public required IReadOnlyList<string> Names { get; init; }

    public required string Action { get; init; }

    public uint? ErrnoRet { get; init; }

    public IReadOnlyList<LinuxSeccompArg>? Args { get; init; }
}

/// <summary>A syscall argument comparison.</summary>
public sealed record LinuxSeccompArg
{
    public uint Index { get; init; }

    public ulong Value { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public ulong ValueTwo { get; init; }

    /// <summary>SCMP_CMP_*.</summary>
    public required string Op { get; init; }
}

using Crisp.Oci.Spec.Model;

namespace Crisp.Oci.Spec.Seccomp;

/// <summary>
/// The RuntimeDefault profile: moby's default seccomp profile (the one containerd and CRI-O also derive from),
/// kept for x86 (x86_64, x86, x32) and ARM (aarch64, arm). Everything not allowed fails with EPERM; syscalls
/// gated on a capability are allowed only to containers that have it in their bounding set.
/// </summary>
internal static partial class DefaultSeccompProfile
{
    private const string Allow = "SCMP_ACT_ALLOW";
    private const string Errno = "SCMP_ACT_ERRNO";

    // CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET
    private const ulong CloneNamespaceFlags = 0x7E020000;

    private const uint Enosys = 38;

    public static SeccompProfile Profile { get; } = Create();

    private static SeccompProfile Create() => new()
    {
        DefaultAction = Errno,
        DefaultErrnoRet = 1,
        ArchMap =
        [
            new SeccompArchMap { Architecture = "SCMP_ARCH_X86_64", SubArchitectures = ["SCMP_ARCH_X86", "SCMP_ARCH_X32"] },
            new SeccompArchMap { Architecture = "SCMP_ARCH_AARCH64", SubArchitectures = ["SCMP_ARCH_ARM"] },
        ],
        Syscalls =
        [
            new SeccompRule { Names = _alwaysAllowed, Action = Allow },
            new SeccompRule { Names = ["process_vm_readv", "process_vm_writev", "ptrace"], Action = Allow, Includes = new() { MinKernel = "4.8" } },

            // socket(2) for every address family but AF_ALG (38) and AF_VSOCK (40).
            Socket(38, "SCMP_CMP_LT"),
            Socket(39, "SCMP_CMP_EQ"),
            Socket(40, "SCMP_CMP_GT"),

            // personality(2) only for PER_LINUX, PER_LINUX32, UNAME26 variants and the query value.
            Personality(0x0),
            Personality(0x8),
            Personality(0x20000),
            Personality(0x20008),
            Personality(0xFFFFFFFF),

            Arches(["arm_fadvise64_64", "arm_sync_file_range", "sync_file_range2", "breakpoint", "cacheflush", "set_tls"], "arm", "arm64"),
            Arches(["arch_prctl"], "amd64", "x32"),
            Arches(["modify_ldt"], "amd64", "x32", "x86"),

            Caps("CAP_DAC_READ_SEARCH", "open_by_handle_at"),
            Caps(
                "CAP_SYS_ADMIN",
                "bpf", "clone", "clone3", "fanotify_init", "fsconfig", "fsmount", "fsopen", "fspick", "lookup_dcookie",
                "lsm_get_self_attr", "lsm_list_modules", "lsm_set_self_attr", "mount", "mount_setattr", "move_mount",
                "open_tree", "perf_event_open", "quotactl", "quotactl_fd", "setdomainname", "sethostname", "setns",
                "syslog", "umount", "umount2", "unshare"),

            // Without CAP_SYS_ADMIN: clone(2) only without namespace flags, and clone3(2) reports ENOSYS so libc
            // falls back to clone(2), whose flags seccomp can inspect.
            new SeccompRule
            {
                Names = ["clone"],
                Action = Allow,
                Args = [new LinuxSeccompArg { Index = 0, Value = CloneNamespaceFlags, Op = "SCMP_CMP_MASKED_EQ" }],
                Excludes = new() { Caps = ["CAP_SYS_ADMIN"] },
            },
            new SeccompRule { Names = ["clone3"], Action = Errno, ErrnoRet = Enosys, Excludes = new() { Caps = ["CAP_SYS_ADMIN"] } },

            Caps("CAP_SYS_BOOT", "reboot"),
            Caps("CAP_SYS_CHROOT", "chroot"),
            Caps("CAP_SYS_MODULE", "delete_module", "init_module", "finit_module"),
            Caps("CAP_SYS_PACCT", "acct"),
            Caps("CAP_SYS_PTRACE", "kcmp", "pidfd_getfd", "process_madvise", "process_vm_readv", "process_vm_writev", "ptrace"),
            Caps("CAP_SYS_RAWIO", "iopl", "ioperm"),
            Caps("CAP_SYS_TIME", "settimeofday", "stime", "clock_settime", "clock_settime64"),
            Caps("CAP_SYS_TTY_CONFIG", "vhangup"),
            Caps("CAP_SYS_NICE", "get_mempolicy", "mbind", "set_mempolicy", "set_mempolicy_home_node"),
            Caps("CAP_SYSLOG", "syslog"),
            Caps("CAP_BPF", "bpf"),
            Caps("CAP_PERFMON", "perf_event_open"),
        ],
    };

    private static SeccompRule Socket(ulong family, string op) => new()
    {
        Names = ["socket"],
        Action = Allow,
        Args = [new LinuxSeccompArg { Index = 0, Value = family, Op = op }],
    };

    private static SeccompRule Personality(ulong persona) => new()
    {
        Names = ["personality"],
        Action = Allow,
        Args = [new LinuxSeccompArg { Index = 0, Value = persona, Op = "SCMP_CMP_EQ" }],
    };

    private static SeccompRule Arches(string[] names, params string[] arches) =>
        new() { Names = names, Action = Allow, Includes = new() { Arches = arches } };

    private static SeccompRule Caps(string capability, params string[] names) =>
        new() { Names = names, Action = Allow, Includes = new() { Caps = [capability] } };
}

using Crisp.Oci.Spec.Model;

namespace Crisp.Oci.Spec.Seccomp;

/// <summary>Turns a seccomp profile into the OCI filter for one container: picks architectures, evaluates conditions.</summary>
internal static class SeccompProfileCompiler
{
    private static readonly HashSet<string> _actions = new(StringComparer.Ordinal)
    {
        "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO",
        "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY",
    };

    private static readonly HashSet<string> _operators = new(StringComparer.Ordinal)
    {
        "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ",
    };

    /// <summary>
    /// The filter for a container whose bounding set is <paramref name="boundingCapabilities"/>, or null when the
    /// profile is empty (no default action and no rules: seccomp off, as Docker treats it).
    /// </summary>
    public static LinuxSeccomp? Compile(SeccompProfile profile, IReadOnlyCollection<string> boundingCapabilities, string architecture, Version? kernel)
    {
        var rules = profile.Syscalls ?? [];
        if (string.IsNullOrEmpty(profile.DefaultAction))
        {
            return rules.Count == 0 ? null : throw new ContainerSpecException("seccomp profile has syscall rules but no defaultAction");
        }

        if (profile.Architectures is { Count: > 0 } && profile.ArchMap is { Count: > 0 })
        {
            throw new ContainerSpecException("seccomp profile sets both 'architectures' and 'archMap'; use one of them");
        }

        CheckAction(profile.DefaultAction);
        var syscalls = new List<LinuxSyscall>();
        foreach (var rule in rules)
        {
            var names = NamesOf(rule);
            if (!Applies(rule, boundingCapabilities, architecture, kernel))
            {
                continue;
            }

            CheckAction(rule.Action);
            foreach (var arg in rule.Args ?? [])
            {
                if (!_operators.Contains(arg.Op))
                {
                    throw new ContainerSpecException($"seccomp profile uses unknown operator \"{arg.Op}\"");
                }
            }

            syscalls.Add(new LinuxSyscall { Names = names, Action = rule.Action, ErrnoRet = rule.ErrnoRet, Args = rule.Args is { Count: > 0 } ? rule.Args : null });
        }

        return new LinuxSeccomp
        {
            DefaultAction = profile.DefaultAction,
            DefaultErrnoRet = profile.DefaultErrnoRet,
            Architectures = Architectures(profile, architecture),
            Flags = profile.Flags is { Count: > 0 } ? profile.Flags : null,
            ListenerPath = string.IsNullOrEmpty(profile.ListenerPath) ? null : profile.ListenerPath,
            ListenerMetadata = string.IsNullOrEmpty(profile.ListenerMetadata) ? null : profile.ListenerMetadata,
            Syscalls = syscalls.Count == 0 ? null : syscalls,
        };
    }

    private static IReadOnlyList<string>? Architectures(SeccompProfile profile, string architecture)
    {
        if (profile.Architectures is { Count: > 0 })
        {
            return profile.Architectures;
        }

        var native = SeccompArchitectures.ToScmp(architecture);
        var entry = profile.ArchMap?.FirstOrDefault(a => a.Architecture == native);
        return entry is null ? null : [entry.Architecture, .. entry.SubArchitectures ?? []];
    }

    private static IReadOnlyList<string> NamesOf(SeccompRule rule)
    {
        if (!string.IsNullOrEmpty(rule.Name))
        {
            return rule.Names is { Count: > 0 }
                ? throw new ContainerSpecException("seccomp profile rule sets both 'name' and 'names'; use one of them")
                : [rule.Name];
        }

        return rule.Names is { Count: > 0 } ? rule.Names : throw new ContainerSpecException("seccomp profile rule names no syscall");
    }

    private static bool Applies(SeccompRule rule, IReadOnlyCollection<string> caps, string architecture, Version? kernel)
    {
        if (rule.Excludes is { } excludes)
        {
            if (excludes.Arches?.Contains(architecture) == true
                || excludes.Caps?.Any(caps.Contains) == true
                || (excludes.MinKernel is { } min && KernelAtLeast(kernel, min)))
            {
                return false;
            }
        }

        if (rule.Includes is { } includes)
        {
            if ((includes.Arches is { Count: > 0 } && !includes.Arches.Contains(architecture))
                || includes.Caps?.All(caps.Contains) == false
                || (includes.MinKernel is { } min && !KernelAtLeast(kernel, min)))
            {
                return false;
            }
        }

        return true;
    }

    private static bool KernelAtLeast(Version? kernel, string minimum)
    {
        var required = SpecHostFacts.ParseKernelVersion(minimum)
            ?? throw new ContainerSpecException($"seccomp profile has invalid minKernel \"{minimum}\"");
        return kernel is null || kernel >= required;
    }

    private static void CheckAction(string action)
    {
        if (!_actions.Contains(action))
        {
            throw new ContainerSpecException($"seccomp profile uses unknown action \"{action}\"");
        }
    }
}

using Crisp.Config;
using Crisp.Oci.Spec.Building;
using Crisp.Oci.Spec.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Runtime.V1;
using Mount = Crisp.Oci.Spec.Model.Mount;
using Process = Crisp.Oci.Spec.Model.Process;

namespace Crisp.Oci.Spec;

/// <summary>
/// Generates the infra (pause) container's config.json: the pause command on a read-only root, the pod's
/// namespaces (new, joined from pinned paths, or the host's), the pod cgroup, crio.conf's default
/// capabilities with no_new_privileges, a low oom_score_adj (clamped) and 2 CPU shares, as CRI-O does.
/// </summary>
public sealed partial class SandboxSpecBuilder
{
    /// <summary>CRI-O's oom_score_adj for infra containers (clamped to what the host allows).</summary>
    public const int InfraOomScoreAdj = -998;

    /// <summary>CRI-O's CPU shares for infra containers.</summary>
    public const ulong InfraCpuShares = 2;

    private readonly CrispConfig _config;
    private readonly SpecHostFacts _host;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public SandboxSpecBuilder(CrispConfig config, SpecHostFacts host, TimeProvider? timeProvider = null, ILogger<SandboxSpecBuilder>? logger = null)
    {
        _config = config;
        _host = host;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<SandboxSpecBuilder>.Instance;
    }

    /// <summary>Builds the infra container's spec.</summary>
    /// <exception cref="ContainerSpecException">The request cannot be honoured; the message says why.</exception>
    public RuntimeSpec Build(SandboxSpecInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var runtime = _config.Runtime;
        var context = input.Config.Linux?.SecurityContext;
        var options = context?.NamespaceOptions;
        var privileged = context?.Privileged == true;
        if (options?.UsernsOptions is { Mode: NamespaceMode.Pod })
        {
            throw new ContainerSpecException("user namespaces are not supported");
        }

        var resolved = input with
        {
            Network = input.Network ?? (options?.Network == NamespaceMode.Node ? NamespaceTarget.Host : NamespaceTarget.New),
            Ipc = input.Ipc ?? (options?.Ipc == NamespaceMode.Node ? NamespaceTarget.Host : NamespaceTarget.New),
            Uts = input.Uts ?? NamespaceTarget.New,
            Pid = input.Pid ?? (options?.Pid == NamespaceMode.Node ? NamespaceTarget.Host : NamespaceTarget.New),
        };
        var namespaces = Namespaces.ForSandbox(resolved, privileged, _host.CgroupV2);
        var hostname = resolved.Uts!.Kind == NamespaceTargetKind.Host ? null : input.Hostname ?? input.Config.Hostname;
        var capabilities = CapabilitySets.Defaults(runtime.DefaultCapabilities, runtime.AddInheritableCapabilities, _host.LastCapability);
        var (seccomp, seccompRef) = SecurityProfiles.Seccomp(context?.Seccomp, DeprecatedFields.SeccompProfilePath(context), privileged, runtime, capabilities.Bounding ?? [], _host);
        var (masked, readOnlyPaths) = ProtectedPaths.Build([], [], privileged);
        var cgroupParent = input.Config.Linux?.CgroupParent;

        var process = new Process
        {
            User = User(context),
            Args = PauseArgs(input.PauseImage),
            Env = [EnvironmentList.DefaultPath],
            Cwd = "/",
            Capabilities = capabilities,
            Rlimits = Rlimits.Build(runtime.DefaultUlimits),
            NoNewPrivileges = true,
            ApparmorProfile = SecurityProfiles.AppArmor(context?.Apparmor, null, privileged, runtime, _host),
            OomScoreAdj = OomScoreAdjust.Clamp(InfraOomScoreAdj, _host.MinimumOomScoreAdj),
        };

        return new RuntimeSpec
        {
            Process = process,
            Root = new Root { Path = input.RootfsPath, Readonly = true },
            Hostname = hostname,
            Mounts = Mounts(input),
            Annotations = Annotations(input, resolved, hostname, cgroupParent, seccompRef, privileged),
            Linux = new LinuxSpec
            {
                Sysctl = Sysctls.Build(
                    runtime.DefaultSysctls,
                    input.Config.Linux?.Sysctls ?? new Google.Protobuf.Collections.MapField<string, string>(),
                    hostNetwork: resolved.Network!.Kind == NamespaceTargetKind.Host,
                    hostIpc: resolved.Ipc!.Kind == NamespaceTargetKind.Host,
                    warning => LogSpecWarning(_logger, warning)),
                Resources = new LinuxResources
                {
                    Devices = [DeviceSet.DenyAll],
                    Cpu = new LinuxCpu { Shares = InfraCpuShares, Cpus = runtime.InfraCtrCpuset.Length == 0 ? null : runtime.InfraCtrCpuset },
                },
                CgroupsPath = CgroupPaths.ForSandbox(runtime.CgroupManager, cgroupParent, input.SandboxId),
                Namespaces = namespaces,
                Seccomp = seccomp,
                MaskedPaths = masked,
                ReadonlyPaths = readOnlyPaths,
            },
        };
    }

    private IReadOnlyList<string> PauseArgs(Images.ImageConfig? pauseImage)
    {
        var command = _config.Image.PauseCommand;
        if (command.Length > 0)
        {
            return [command];
        }

        var run = pauseImage?.RunConfig;
        IReadOnlyList<string> args = [.. run?.Entrypoint ?? [], .. run?.Cmd ?? []];
        return args.Count > 0
            ? args
            : throw new ContainerSpecException($"unable to run pause image \"{_config.Image.PauseImage}\": neither pause_command nor the image's Entrypoint or Cmd is set");
    }

    private static Model.User User(LinuxSandboxSecurityContext? context)
    {
        static uint Id(long value, string what) => value is >= 0 and <= int.MaxValue
            ? (uint)value
            : throw new ContainerSpecException($"{what} {value} is out of range 0-{int.MaxValue}");

        var uid = context?.RunAsUser is { } user ? Id(user.Value, "run_as_user") : 0;
        var gid = context?.RunAsGroup is { } group ? Id(group.Value, "run_as_group") : 0;
        var gids = new List<uint> { gid };
        gids.AddRange((context?.SupplementalGroups ?? []).Select(g => Id(g, "supplemental group")).Where(g => !gids.Contains(g)).Distinct());
        return new Model.User { Uid = uid, Gid = gid, AdditionalGids = gids };
    }

    private static IReadOnlyList<Mount> Mounts(SandboxSpecInput input)
    {
        var mounts = new List<Mount>
        {
            StandardMounts.Proc,
            StandardMounts.Dev,
            StandardMounts.DevPts,
            StandardMounts.Shm(input.ShmPath),
            StandardMounts.Mqueue,
            StandardMounts.Sys(privileged: false),
        };
        if (input.ResolvConfPath is { } resolv)
        {
            mounts.Add(StandardMounts.BindFile("/etc/resolv.conf", resolv, readOnly: true, hardened: true));
        }

        if (input.HostnamePath is { } hostname)
        {
            mounts.Add(StandardMounts.BindFile("/etc/hostname", hostname, readOnly: true, hardened: true));
        }

        return mounts;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogSpecWarning(ILogger logger, string warning);
}

using Crisp.Config;
using Crisp.Oci.Spec.Building;
using Crisp.Oci.Spec.Host;
using Crisp.Oci.Spec.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Runtime.V1;
using Process = Crisp.Oci.Spec.Model.Process;

namespace Crisp.Oci.Spec;

/// <summary>
/// Generates a container's config.json from a CreateContainer request, the image, the pod and crio.conf,
/// the way CRI-O does (see the design notes of each part in <c>Spec/Building</c>).
/// </summary>
public sealed partial class ContainerSpecBuilder
{
    private readonly CrispConfig _config;
    private readonly SpecHostFacts _host;
    private readonly IDeviceProbe _devices;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ContainerSpecBuilder(CrispConfig config, SpecHostFacts host, TimeProvider? timeProvider = null, ILogger<ContainerSpecBuilder>? logger = null)
        : this(config, host, HostDeviceProbe.Instance, timeProvider, logger)
    {
    }

    internal ContainerSpecBuilder(CrispConfig config, SpecHostFacts host, IDeviceProbe devices, TimeProvider? timeProvider, ILogger? logger)
    {
        _config = config;
        _host = host;
        _devices = devices;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// The cgroup limits UpdateContainerResources applies to a running container: the same translation as at
    /// create (minimum memory of the handler, pids_limit, what the host's controllers allow), without device rules.
    /// </summary>
    public LinuxResources UpdatedResources(LinuxContainerResources? resources, string? runtimeHandler)
    {
        _config.Runtime.TryGetHandler(runtimeHandler, out _, out var handler);
        var built = ResourceLimits.Build(resources, [], _config.Runtime.PidsLimit, ResourceLimits.ParseMinimumMemory(handler?.ContainerMinMemory ?? ""), _host);
        return built with { Devices = null };
    }

    /// <summary>Builds the spec.</summary>
    /// <exception cref="ContainerSpecException">The request cannot be honoured; the message says why.</exception>
    public RuntimeSpec Build(ContainerSpecInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var config = input.Config;
        if (string.IsNullOrEmpty(config.Metadata?.Name))
        {
            throw new ContainerSpecException("container metadata name is empty");
        }

        var runtime = _config.Runtime;
        var context = config.Linux?.SecurityContext;
        var podContext = input.SandboxConfig.Linux?.SecurityContext;
        var privileged = context?.Privileged == true;
        if (privileged && !(input.Sandbox.Privileged ?? podContext?.Privileged ?? false))
        {
            throw new ContainerSpecException("no privileged container allowed in sandbox");
        }

        runtime.TryGetHandler(input.RuntimeHandler, out _, out var handler);
        var image = input.Image.RunConfig;
        var readOnlyRoot = context?.ReadonlyRootfs == true || runtime.ReadOnly;

        var capabilities = CapabilitySets.ForContainer(context?.Capabilities, privileged, runtime.DefaultCapabilities, runtime.AddInheritableCapabilities, _host.LastCapability);
        var namespaces = Namespaces.ForContainer(input, privileged, _host.CgroupV2);
        var hostname = namespaces.Any(n => n.Type == NamespaceTypes.Uts) ? input.Sandbox.Hostname ?? input.SandboxConfig.Hostname : null;
        var (user, home) = ProcessUser.Resolve(input.RootfsPath, context, image.User);
        var mounts = ContainerMounts.Build(input, privileged, readOnlyRoot, runtime.ReadOnly, runtime.BindMountPrefix, runtime.AbsentMountSourcesToReject);
        var owner = runtime.DeviceOwnershipFromSecurityContext
            ? ((uint?)context?.RunAsUser?.Value, (uint?)context?.RunAsGroup?.Value)
            : (null, null);
        var devices = DeviceSet.Build(config.Devices, runtime.AdditionalDevices, privileged, handler?.PrivilegedWithoutHostDevices ?? false, owner, _devices);
        var resources = ResourceLimits.Build(
            config.Linux?.Resources,
            devices.Rules,
            runtime.PidsLimit,
            ResourceLimits.ParseMinimumMemory(handler?.ContainerMinMemory ?? ""),
            _host);
        var sysctls = Sysctls.Build(
            runtime.DefaultSysctls,
            input.SandboxConfig.Linux?.Sysctls ?? new Google.Protobuf.Collections.MapField<string, string>(),
            hostNetwork: namespaces.All(n => n.Type != NamespaceTypes.Network),
            hostIpc: namespaces.All(n => n.Type != NamespaceTypes.Ipc),
            warning => LogSkipped(warning));
        var (seccomp, seccompRef) = SecurityProfiles.Seccomp(context?.Seccomp, DeprecatedFields.SeccompProfilePath(context), privileged, runtime, capabilities.Bounding ?? [], _host);
        var (masked, readOnlyPaths) = ProtectedPaths.Build(context?.MaskedPaths ?? [], context?.ReadonlyPaths ?? [], privileged);

        var process = new Process
        {
            Terminal = config.Tty,
            User = user,
            Args = ProcessArgs.Resolve(config.Command, config.Args, image),
            Env = Environment(input, image.Env ?? [], hostname, home),
            Cwd = WorkingDirectory(config.WorkingDir, image.WorkingDir),
            Capabilities = capabilities,
            Rlimits = Rlimits.Build(runtime.DefaultUlimits),
            NoNewPrivileges = context?.NoNewPrivs == true,
            ApparmorProfile = SecurityProfiles.AppArmor(context?.Apparmor, DeprecatedFields.ApparmorProfile(context), privileged, runtime, _host),
            OomScoreAdj = OomScoreAdjust.Clamp(config.Linux?.Resources?.OomScoreAdj ?? 0, _host.MinimumOomScoreAdj),
        };

        return new RuntimeSpec
        {
            Process = process,
            Root = new Root { Path = input.RootfsPath, Readonly = readOnlyRoot },
            Hostname = hostname,
            Mounts = mounts.Mounts,
            Annotations = Annotations(input, seccompRef),
            Linux = new LinuxSpec
            {
                Sysctl = sysctls,
                Resources = resources,
                CgroupsPath = CgroupPaths.ForContainer(runtime.CgroupManager, input.Sandbox.CgroupParent ?? input.SandboxConfig.Linux?.CgroupParent, input.ContainerId),
                Namespaces = namespaces,
                Devices = devices.Devices.Count == 0 ? null : devices.Devices,
                Seccomp = seccomp,
                RootfsPropagation = mounts.RootfsPropagation,
                MaskedPaths = masked,
                ReadonlyPaths = readOnlyPaths,
            },
        };
    }

    private IReadOnlyList<string> Environment(ContainerSpecInput input, IReadOnlyList<string> imageEnv, string? hostname, string home)
    {
        // As CRI-O: crio.conf's default_env first, overridden by the image's, overridden by the CRI's.
        var env = new EnvironmentList();
        env.Set(EnvironmentList.DefaultPath);
        foreach (var entry in _config.Runtime.DefaultEnv)
        {
            env.Set(entry);
        }

        foreach (var entry in imageEnv)
        {
            env.Set(entry);
        }

        foreach (var pair in input.Config.Envs)
        {
            env.Set(pair.Key, pair.Value.ToStringUtf8());
        }

        if (input.Config.Tty)
        {
            env.SetIfAbsent("TERM", "xterm");
        }

        if (hostname is not null)
        {
            env.SetIfAbsent("HOSTNAME", hostname);
        }

        env.SetIfAbsent("HOME", home);
        return env.ToList();
    }

    private static string WorkingDirectory(string requested, string? image)
    {
        var cwd = requested.Length > 0 ? requested : string.IsNullOrEmpty(image) ? "/" : image;
        return cwd.StartsWith('/') ? cwd : throw new ContainerSpecException($"working directory \"{cwd}\" is not an absolute path");
    }

    private void LogSkipped(string warning) => LogSpecWarning(_logger, warning);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void LogSpecWarning(ILogger logger, string warning);
}

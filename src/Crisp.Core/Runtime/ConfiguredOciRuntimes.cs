using Crisp.Config;
using Crisp.Oci.Runtime;
using Microsoft.Extensions.Logging;

namespace Crisp.Core.Runtime;

/// <summary>
/// Builds a <see cref="ConmonRuncRuntime"/> per runtime handler from crio.conf: conmon and the runtime binary
/// resolved as CRI-O resolves them (<see cref="ConfigValidator.ResolveHandler"/>), the handler's
/// <c>runtime_root</c> (default <c>/run/&lt;runtime&gt;</c>, runc's own default), <c>container_exits_dir</c>,
/// <c>container_attach_socket_dir</c>, <c>log_size_max</c>, <c>no_pivot</c> and the cgroup manager. A handler whose
/// settings change on reload gets a new runtime; the exits and persist directories are shared by every handler.
/// </summary>
public sealed class ConfiguredOciRuntimes(
    ICrispConfigSource config, ConfigValidator validator, RuntimeDirectories directories, ILoggerFactory loggers) : IOciRuntimes
{
    private static readonly string[] _noEnvironment = [];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, (ConmonRuncOptions Options, ConmonRuncRuntime Runtime)> _runtimes = new(StringComparer.Ordinal);

    public IOciRuntime For(string handler)
    {
        var current = config.Current;
        var options = OptionsFor(current, validator.ResolveHandler(current, handler), directories);
        lock (_gate)
        {
            if (_runtimes.TryGetValue(handler, out var known) && Same(known.Options, options))
            {
                return known.Runtime;
            }

            var runtime = new ConmonRuncRuntime(options, loggers.CreateLogger<ConmonRuncRuntime>());
            _runtimes[handler] = (options, runtime);
            return runtime;
        }
    }

    /// <summary>The conmon + runc settings of one resolved handler.</summary>
    public static ConmonRuncOptions OptionsFor(CrispConfig config, ResolvedRuntimeHandler handler, RuntimeDirectories directories)
    {
        var runtime = config.Runtime;
        var root = handler.Handler.RuntimeRoot.Length > 0
            ? handler.Handler.RuntimeRoot
            : Path.Combine("/run", Path.GetFileName(handler.RuntimeBinary));
        return new ConmonRuncOptions
        {
            ConmonPath = handler.MonitorBinary,
            RuntimePath = handler.RuntimeBinary,
            RuntimeRoot = root,
            ExitsDirectory = runtime.ContainerExitsDir,
            PersistRoot = directories.PersistRoot,
            AttachSocketDirectory = runtime.ContainerAttachSocketDir,
            ExecScratchDirectory = directories.ExecScratch,
            LogLevel = ConmonLogLevel(runtime.LogLevel),
            CgroupManager = runtime.CgroupManager == "systemd" ? CgroupManager.Systemd : CgroupManager.Cgroupfs,
            MonitorEnvironment = [.. handler.MonitorEnv],
            LogSizeMax = runtime.LogSizeMax,
            NoPivot = runtime.NoPivot,
        };
    }

    private static bool Same(ConmonRuncOptions a, ConmonRuncOptions b) =>
        a with { MonitorEnvironment = _noEnvironment } == b with { MonitorEnvironment = _noEnvironment }
        && a.MonitorEnvironment.SequenceEqual(b.MonitorEnvironment, StringComparer.Ordinal);

    /// <summary>conmon knows error, warning, info, debug and trace.</summary>
    internal static string ConmonLogLevel(string level) => level.Trim().ToLowerInvariant() switch
    {
        "trace" => "trace",
        "debug" => "debug",
        "info" => "info",
        "warn" or "warning" => "warning",
        _ => "error",
    };
}

/// <summary>Directories every runtime handler shares: conmon's persist directories and exec scratch space.</summary>
/// <param name="PersistRoot">conmon's per-container <c>--persist-dir</c> parent (<c>&lt;runroot&gt;/persist</c>).</param>
/// <param name="ExecScratch">Exec process specs and logs (<c>&lt;runroot&gt;/exec</c>).</param>
public sealed record RuntimeDirectories(string PersistRoot, string ExecScratch)
{
    public static RuntimeDirectories Under(string runRoot) =>
        new(Path.Combine(runRoot, "persist"), Path.Combine(runRoot, "exec"));
}

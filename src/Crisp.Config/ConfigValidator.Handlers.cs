using System.Text.RegularExpressions;
using Crisp.Config.Toml;

namespace Crisp.Config;

// Runtime handler checks and resolution: binaries, runtime types and conmon settings.
public sealed partial class ConfigValidator
{
    private static readonly string[] _runtimeTypes = ["", "oci", "vm", "pod"];

    private void CheckHandlers(RuntimeConfig runtime, IssueCollector issues)
    {
        var defaultName = runtime.ResolveHandlerName(null);
        if (!runtime.Runtimes.ContainsKey(defaultName))
        {
            issues.Error("crio.runtime.default_runtime", $"default_runtime is \"{defaultName}\" but there is no [{TomlText.Child(Runtimes, defaultName)}] table");
        }

        foreach (var (name, handler) in runtime.Runtimes)
        {
            var problems = new List<ConfigIssue>();
            if (Resolve(runtime, name, handler, problems) is not null)
            {
                continue;
            }

            foreach (var problem in problems)
            {
                if (name == defaultName)
                {
                    issues.Error(problem);
                }
                else
                {
                    issues.Warn(problem with { Message = problem.Message + "; the handler is unusable" });
                }
            }
        }
    }

    private ResolvedRuntimeHandler? Resolve(RuntimeConfig runtime, string name, RuntimeHandler handler, List<ConfigIssue> problems)
    {
        var path = TomlText.Child(Runtimes, name);
        var type = handler.GetEffectiveRuntimeType();
        if (!_runtimeTypes.Contains(handler.RuntimeType))
        {
            problems.Add(new ConfigIssue(path + ".runtime_type", $"invalid runtime_type \"{handler.RuntimeType}\" for handler \"{name}\"; expected oci, vm or pod"));
        }

        if (handler.RuntimeConfigPath.Length > 0)
        {
            if (type != "vm")
            {
                problems.Add(new ConfigIssue(path + ".runtime_config_path", "runtime_config_path can only be used with runtime_type \"vm\""));
            }
            else if (!_files.FileExists(handler.RuntimeConfigPath))
            {
                problems.Add(new ConfigIssue(path + ".runtime_config_path", $"file \"{handler.RuntimeConfigPath}\" does not exist"));
            }
        }

        var wanted = handler.RuntimePath.Length > 0 ? handler.RuntimePath : name;
        var binary = _executables.Resolve(wanted);
        if (binary is null)
        {
            var tried = handler.RuntimePath.Length > 0
                ? $"runtime_path \"{handler.RuntimePath}\" does not exist or is not executable"
                : $"\"{name}\" was not found in PATH";
            problems.Add(new ConfigIssue(path + ".runtime_path", $"runtime binary for handler \"{name}\" not found: {tried}"));
        }
        else if (type == "vm" && !VmBinaryName().IsMatch(Path.GetFileName(binary)))
        {
            problems.Add(new ConfigIssue(path + ".runtime_path", $"handler \"{name}\" has type \"vm\" but \"{binary}\" is not named containerd-shim-<name>-v2"));
        }

        string monitorBinary = "", monitorCgroup = "";
        var monitorEnv = ValueList<string>.Empty;
        if (type == RuntimeHandler.OciType)
        {
            monitorEnv = runtime.ConmonEnv.Count > 0 ? runtime.ConmonEnv : handler.MonitorEnv;
            monitorBinary = ResolveMonitor(runtime, handler, path, problems) ?? "";
            monitorCgroup = ResolveMonitorCgroup(runtime, handler, path, problems);
        }

        return problems.Count == 0 && binary is not null
            ? new ResolvedRuntimeHandler(name, handler, binary, monitorBinary, monitorCgroup, monitorEnv)
            : null;
    }

    private string? ResolveMonitor(RuntimeConfig runtime, RuntimeHandler handler, string handlerPath, List<ConfigIssue> problems)
    {
        var (key, wanted) = runtime.Conmon.Length > 0 ? ("crio.runtime.conmon", runtime.Conmon)
            : handler.MonitorPath.Length > 0 ? (handlerPath + ".monitor_path", handler.MonitorPath)
            : ("crio.runtime.conmon", "");
        var monitor = _executables.Resolve(wanted.Length > 0 ? wanted : "conmon");
        if (monitor is null)
        {
            problems.Add(new ConfigIssue(key, wanted.Length > 0
                ? $"conmon \"{wanted}\" does not exist or is not executable"
                : "conmon was not found in PATH"));
        }

        return monitor;
    }

    private static string ResolveMonitorCgroup(RuntimeConfig runtime, RuntimeHandler handler, string handlerPath, List<ConfigIssue> problems)
    {
        var systemd = runtime.CgroupManager == "systemd";
        var (key, cgroup) = runtime.ConmonCgroup.Length > 0 ? ("crio.runtime.conmon_cgroup", runtime.ConmonCgroup)
            : (handlerPath + ".monitor_cgroup", handler.MonitorCgroup);
        if (cgroup.Length == 0)
        {
            return systemd ? "system.slice" : "pod";
        }

        if (runtime.CgroupManager == "cgroupfs" && cgroup != "pod")
        {
            problems.Add(new ConfigIssue(key, $"with the cgroupfs manager the conmon cgroup must be \"pod\" or empty, not \"{cgroup}\""));
        }
        else if (systemd && cgroup != "pod" && !cgroup.EndsWith(".slice", StringComparison.Ordinal))
        {
            problems.Add(new ConfigIssue(key, $"with the systemd manager the conmon cgroup must be \"pod\" or a systemd slice, not \"{cgroup}\""));
        }

        return cgroup;
    }

    [GeneratedRegex("containerd-shim-([a-zA-Z0-9\\-\\+])+-v2", RegexOptions.CultureInvariant)]
    private static partial Regex VmBinaryName();
}

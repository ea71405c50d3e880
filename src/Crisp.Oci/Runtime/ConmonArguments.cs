using System.Globalization;

namespace Crisp.Oci.Runtime;

/// <summary>
/// conmon 2.1.x command lines, as CRI-O builds them. <c>--api-version</c> is a flag in 2.1.x (not
/// <c>--api-version 1</c>): with it the sync message's key is "data"; without it, "pid" or "exit_code".
/// </summary>
internal static class ConmonArguments
{
    /// <summary>Arguments for creating a container: conmon daemonises and runs <c>runc create</c>.</summary>
    public static List<string> ForCreate(ConmonRuncOptions options, ContainerCreateOptions container, ContainerPaths paths)
    {
        var args = new List<string>
        {
            options.ConmonPath,
            "--api-version",
            "-b", container.BundleDirectory,
            "-c", container.Id,
            "-u", container.Id,
            "-n", container.Name ?? container.Id,
            "-r", options.RuntimePath,
            "--runtime-arg", "--root=" + options.RuntimeRoot,
            "--exit-dir", options.ExitsDirectory,
            "--persist-dir", paths.PersistDirectory,
            "-l", "k8s-file:" + container.LogPath,
            "--log-level", options.LogLevel,
            "-P", paths.ConmonPidFile,
            "-p", paths.ContainerPidFile,
            "--socket-dir-path", options.AttachSocketDirectory,
        };
        AddCommon(options, args);
        if (options.LogSizeMax >= 0)
        {
            args.AddRange(["--log-size-max", options.LogSizeMax.ToString(CultureInfo.InvariantCulture)]);
        }

        if (options.NoPivot)
        {
            args.Add("--no-pivot");
        }

        if (container.Terminal)
        {
            args.Add("-t");
        }
        else if (container.Stdin)
        {
            if (!container.StdinOnce)
            {
                args.Add("--leave-stdin-open");
            }

            args.Add("-i");
        }

        return args;
    }

    /// <summary>
    /// Arguments for a synchronous exec: conmon stays our child (<c>--sync</c>), runs <c>runc exec --detach</c>,
    /// logs the output to <paramref name="logPath"/> (capped by <c>--log-global-size-max</c>), kills the process
    /// group after <c>-T</c> seconds and exits with the command's exit code.
    /// </summary>
    public static List<string> ForExec(ConmonRuncOptions options, string id, string processSpec, string logPath, string pidFile, int timeoutSeconds)
    {
        var args = new List<string>
        {
            options.ConmonPath,
            "-c", id,
            "-n", id,
            "-r", options.RuntimePath,
            "-p", pidFile,
            "-e",
            "--exec-process-spec", processSpec,
            "-l", "k8s-file:" + logPath,
            "--log-level", options.LogLevel,
            "--socket-dir-path", options.AttachSocketDirectory,
            "--sync",
            "--log-global-size-max", options.MaxExecOutputBytes.ToString(CultureInfo.InvariantCulture),
            "--runtime-arg", "--root=" + options.RuntimeRoot,
        };
        AddCommon(options, args);
        if (timeoutSeconds > 0)
        {
            args.AddRange(["-T", timeoutSeconds.ToString(CultureInfo.InvariantCulture)]);
        }

        return args;
    }

    private static void AddCommon(ConmonRuncOptions options, List<string> args)
    {
        if (options.Syslog)
        {
            args.Add("--syslog");
        }

        if (options.CgroupManager == CgroupManager.Systemd)
        {
            args.Add("-s");
        }
    }
}

/// <summary>The files of one container outside its spec: pid files and conmon's persist directory.</summary>
internal sealed record ContainerPaths(string ConmonPidFile, string ContainerPidFile, string PersistDirectory);

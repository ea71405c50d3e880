using System.Text.RegularExpressions;
using Crisp.Linux;
using Microsoft.Extensions.Logging;

namespace Crisp.Oci.Runtime;

/// <summary>
/// <see cref="IOciRuntime"/> over conmon 2.1.x and runc, the way CRI-O drives them. conmon is spawned with
/// posix_spawn, handed its sync pipe as fd 3 and start pipe as fd 4, and daemonises (its first process
/// exits and is reaped here), so containers outlive crisp. Exec sync uses <c>conmon --exec --sync</c>.
/// </summary>
public sealed partial class ConmonRuncRuntime : IOciRuntime
{
    private readonly ConmonRuncOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly RuncClient _runc;

    public ConmonRuncRuntime(ConmonRuncOptions options, ILogger<ConmonRuncRuntime> logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _logger = logger;
        _timeProvider = timeProvider ?? TimeProvider.System;
        _runc = new RuncClient(options, _timeProvider);
    }

    public ConmonRuncOptions Options => _options;

    /// <summary>conmon's persist directory of a container: where its <c>exit</c> and <c>oom</c> files go.</summary>
    public string PersistDirectory(string id) => Path.Combine(_options.PersistRoot, ValidateId(id));

    public ContainerExit? ReadExit(string id) => ContainerExit.TryRead(_options.ExitsDirectory, _options.PersistRoot, ValidateId(id));

    /// <summary>Container ids become file names (exit files, persist and socket directories): keep them plain.</summary>
    internal static string ValidateId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return IdPattern().IsMatch(id) ? id : throw new ArgumentException($"invalid container id '{id}'", nameof(id));
    }

    private async Task<string> RuncAsync(string id, string operation, IReadOnlyList<string> arguments, CancellationToken cancellationToken, byte[]? stdin = null) =>
        await _runc.RunAsync(id, operation, arguments, stdin, cancellationToken).ConfigureAwait(false);

    /// <summary>Runs a cleanup step; a failure is logged and the teardown carries on.</summary>
    private async Task TryAsync(string id, string step, Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            RuntimeLog.CleanupFailed(_logger, id, step, e);
        }
    }

    private void Try(string id, string step, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            RuntimeLog.CleanupFailed(_logger, id, step, e);
        }
    }

    /// <summary>Removes what conmon and runc leave outside the runtime root: exit file, persist directory, attach link.</summary>
    private void RemoveContainerFiles(string id)
    {
        Try(id, "remove exit file", () => File.Delete(Path.Combine(_options.ExitsDirectory, id)));
        Try(id, "remove persist directory", () =>
        {
            var persist = PersistDirectory(id);
            if (Directory.Exists(persist))
            {
                Directory.Delete(persist, recursive: true);
            }
        });
        Try(id, "remove attach link", () => File.Delete(Path.Combine(_options.AttachSocketDirectory, id)));
    }

    /// <summary>Kills a conmon named by its pid file, if that pid is still a conmon.</summary>
    private static bool KillMonitor(string conmonPidFile)
    {
        if (ReadPid(conmonPidFile) is not { } pid || ProcStat.TryRead(pid) is not { Command: "conmon", State: not 'Z' })
        {
            return false;
        }

        using var pidFd = PidFd.TryOpen(pid);
        if (pidFd is null || !pidFd.Signal(Processes.SigKill))
        {
            return false;
        }

        pidFd.WaitForExit(TimeSpan.FromSeconds(5));
        return true;
    }

    internal static int? ReadPid(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), out var pid) && pid > 0 ? pid : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    private IReadOnlyList<string> MonitorEnvironment(params string[] extra)
    {
        var environment = new List<string>(_options.MonitorEnvironment);
        if (!environment.Any(e => e.StartsWith("PATH=", StringComparison.Ordinal)))
        {
            environment.Add("PATH=" + (Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));
        }

        environment.AddRange(extra);
        return environment;
    }

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,253}$")]
    private static partial Regex IdPattern();
}

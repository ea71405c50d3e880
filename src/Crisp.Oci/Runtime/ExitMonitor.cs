using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace Crisp.Oci.Runtime;

/// <summary>
/// Watches conmon's exits directory and raises <see cref="ContainerExited"/> once for each exit file:
/// inotify (FileSystemWatcher) for promptness, a scan at start for exits that happened while crisp was
/// down, and periodic rescans so a lost event (inotify overflow) only delays a report. A file rewritten
/// later (a new container reusing the id) is reported again; deleting the file forgets it.
/// Handlers run on a thread-pool thread and must not block for long.
/// </summary>
public sealed partial class ExitMonitor : IDisposable
{
    private readonly ExitMonitorOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _timeProvider;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _reported = new(StringComparer.Ordinal);
    private FileSystemWatcher? _watcher;
    private ITimer? _timer;
    private bool _disposed;

    public ExitMonitor(ExitMonitorOptions options, ILogger<ExitMonitor> logger, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _options = options;
        _logger = logger;
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    public event EventHandler<ContainerExitedEventArgs>? ContainerExited;

    /// <summary>Starts watching, then scans what is already there (subscribe to <see cref="ContainerExited"/> first).</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_watcher is not null)
        {
            return;
        }

        Directory.CreateDirectory(_options.ExitsDirectory);
        try
        {
            var watcher = new FileSystemWatcher(_options.ExitsDirectory)
            {
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite,
                IncludeSubdirectories = false,
            };
            watcher.Created += (_, e) => Observe(e.Name);
            watcher.Changed += (_, e) => Observe(e.Name);
            watcher.Renamed += (_, e) => Observe(e.Name);
            watcher.Deleted += (_, e) => Forget(e.Name);
            watcher.Error += (_, e) =>
            {
                RuntimeLog.WatcherFailed(_logger, _options.ExitsDirectory, e.GetException());
                Rescan();
            };
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
        }
        catch (Exception e) when (e is IOException or PlatformNotSupportedException)
        {
            RuntimeLog.WatcherFailed(_logger, _options.ExitsDirectory, e);
        }

        Rescan();
        _timer = _timeProvider.CreateTimer(_ => Rescan(), null, _options.RescanInterval, _options.RescanInterval);
    }

    /// <summary>Looks at every exit file now; exits already reported are not reported again.</summary>
    public void Rescan()
    {
        try
        {
            var present = new HashSet<string>(StringComparer.Ordinal);
            foreach (var path in Directory.EnumerateFiles(_options.ExitsDirectory))
            {
                var name = Path.GetFileName(path);
                present.Add(name);
                Observe(name);
            }

            lock (_gate)
            {
                foreach (var gone in _reported.Keys.Where(id => !present.Contains(id)).ToList())
                {
                    _reported.Remove(gone);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RuntimeLog.RescanFailed(_logger, _options.ExitsDirectory, e);
        }
    }

    private void Observe(string? name)
    {
        // conmon writes with g_file_set_contents: "<id>.XXXXXX" is its temporary file, renamed onto "<id>".
        if (string.IsNullOrEmpty(name) || TemporaryName().IsMatch(name) || _disposed)
        {
            return;
        }

        ContainerExit? exit;
        try
        {
            exit = ContainerExit.TryRead(_options.ExitsDirectory, _options.PersistRoot, name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RuntimeLog.ExitFileUnreadable(_logger, Path.Combine(_options.ExitsDirectory, name), e);
            return;
        }

        if (exit is null)
        {
            return;
        }

        lock (_gate)
        {
            if (_reported.TryGetValue(name, out var finished) && finished == exit.FinishedAt)
            {
                return;
            }

            _reported[name] = exit.FinishedAt;
        }

        RuntimeLog.ExitObserved(_logger, exit.Id, exit.ExitCode, exit.OomKilled);
        try
        {
            ContainerExited?.Invoke(this, new ContainerExitedEventArgs(exit));
        }
        catch (Exception e)
        {
            RuntimeLog.ExitHandlerFailed(_logger, exit.Id, e);
        }
    }

    private void Forget(string? name)
    {
        if (name is null)
        {
            return;
        }

        lock (_gate)
        {
            _reported.Remove(name);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _timer?.Dispose();
        _watcher?.Dispose();
    }

    [GeneratedRegex(@"\.[A-Za-z0-9]{6}$")]
    private static partial Regex TemporaryName();
}

using System.Collections.Concurrent;
using Crisp.Oci.Runtime;
using Crisp.Oci.Tests.Runtime.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;

namespace Crisp.Oci.Tests.Runtime;

/// <summary>The exits-directory watcher: inotify, start-up scan, rescans, temp files, re-use of ids.</summary>
public sealed class ExitMonitorTests : IAsyncLifetime
{
    private readonly RuntimeTestHost _host = new();
    private readonly ConcurrentQueue<ContainerExitedEventArgs> _events = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Start_ReportsAContainerThatExitedBeforeTheMonitorExisted()
    {
        var id = RuntimeTestHost.NewId();
        await _host.RunAsync(id, ["sh", "-c", "exit 42"]);
        await _host.WaitForExitFileAsync(id);

        using var monitor = NewMonitor(TimeSpan.FromMinutes(10));
        monitor.Start();

        var exit = _events.ShouldHaveSingleItem();
        exit.Id.ShouldBe(id);
        exit.ExitCode.ShouldBe(42);
        exit.OomKilled.ShouldBeFalse();
    }

    [Fact]
    public async Task Watcher_ReportsEachExitFileOnceIgnoringTemporaryFiles()
    {
        var exits = _host.Options.ExitsDirectory;
        Directory.CreateDirectory(exits);
        using var monitor = NewMonitor(TimeSpan.FromMilliseconds(200));
        monitor.Start();

        // What g_file_set_contents does: write "<id>.XXXXXX", then rename it onto "<id>".
        await File.WriteAllTextAsync(Path.Combine(exits, "abc.Xy12Zq"), "7", TestContext.Current.CancellationToken);
        File.Move(Path.Combine(exits, "abc.Xy12Zq"), Path.Combine(exits, "abc"));
        Directory.CreateDirectory(Path.Combine(_host.Options.PersistRoot, "def"));
        await File.WriteAllTextAsync(Path.Combine(_host.Options.PersistRoot, "def", "oom"), "", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(exits, "def"), "137", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(exits, "bad"), "not a number", TestContext.Current.CancellationToken);

        await WaitForAsync(2);
        await Task.Delay(600, TestContext.Current.CancellationToken);
        _events.Select(e => (e.Id, e.ExitCode, e.OomKilled)).Order().ShouldBe([("abc", 7, false), ("def", 137, true)]);

        // A rewrite (the id reused by a new container) is a new exit; deleting the file forgets it.
        File.Delete(Path.Combine(exits, "abc"));
        await Task.Delay(400, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(exits, "abc"), "0", TestContext.Current.CancellationToken);
        await WaitForAsync(3);
        _events.Last().ShouldSatisfyAllConditions(e => e.Id.ShouldBe("abc"), e => e.ExitCode.ShouldBe(0));
    }

    [Fact]
    public async Task Rescan_CatchesWhatTheWatcherMissed()
    {
        var exits = _host.Options.ExitsDirectory;
        using var monitor = NewMonitor(TimeSpan.FromMilliseconds(100));
        monitor.Start();
        monitor.Dispose();
        await File.WriteAllTextAsync(Path.Combine(exits, "late"), "1", TestContext.Current.CancellationToken);
        await Task.Delay(300, TestContext.Current.CancellationToken);
        _events.ShouldBeEmpty("a disposed monitor reports nothing");

        using var second = NewMonitor(TimeSpan.FromMilliseconds(100));
        second.Start();
        second.Rescan();
        _events.ShouldHaveSingleItem().Id.ShouldBe("late");
    }

    [Fact]
    public async Task HandlerFailure_DoesNotStopTheMonitor()
    {
        var exits = _host.Options.ExitsDirectory;
        using var monitor = NewMonitor(TimeSpan.FromMilliseconds(100));
        monitor.ContainerExited += (_, e) =>
        {
            if (e.Id == "first")
            {
                throw new InvalidOperationException("handler bug");
            }
        };
        monitor.Start();

        await File.WriteAllTextAsync(Path.Combine(exits, "first"), "1", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(exits, "second"), "2", TestContext.Current.CancellationToken);

        await WaitForAsync(2);
    }

    private ExitMonitor NewMonitor(TimeSpan rescan)
    {
        var monitor = new ExitMonitor(
            new ExitMonitorOptions { ExitsDirectory = _host.Options.ExitsDirectory, PersistRoot = _host.Options.PersistRoot, RescanInterval = rescan },
            NullLogger<ExitMonitor>.Instance);
        monitor.ContainerExited += (_, e) => _events.Enqueue(e);
        return monitor;
    }

    private async Task WaitForAsync(int count)
    {
        for (var attempt = 0; attempt < 200 && _events.Count < count; attempt++)
        {
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }

        _events.Count.ShouldBe(count);
    }
}

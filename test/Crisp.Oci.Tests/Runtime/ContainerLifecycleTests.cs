using Crisp.Linux;
using Crisp.Oci.Runtime;
using Crisp.Oci.Tests.Runtime.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Shouldly;

namespace Crisp.Oci.Tests.Runtime;

/// <summary>Create, start, state, exit, delete against the real conmon and runc.</summary>
public sealed class ContainerLifecycleTests : IAsyncLifetime
{
    private readonly RuntimeTestHost _host = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task CreateStart_ReportsCreatedThenRunningThenExitCodeThroughTheExitMonitor()
    {
        var id = RuntimeTestHost.NewId();
        using var monitor = _host.NewExitMonitor();
        var exited = new TaskCompletionSource<ContainerExitedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        monitor.ContainerExited += (_, e) =>
        {
            if (e.Id == id)
            {
                exited.TrySetResult(e);
            }
        };
        monitor.Start();

        var created = await _host.CreateAsync(id, ["sh", "-c", "sleep 1; exit 3"]);

        created.Pid.ShouldBeGreaterThan(0);
        var state = await _host.Runtime.StateAsync(id, TestContext.Current.CancellationToken);
        state.ShouldNotBeNull();
        state.Status.ShouldBe(OciContainerStatus.Created);
        state.Pid.ShouldBe(created.Pid);
        state.Bundle.ShouldBe(_host.Bundle(id));
        File.ReadAllText(Path.Combine(_host.Bundle(id), "pidfile")).Trim().ShouldBe(created.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture));

        var startedAt = DateTimeOffset.UtcNow;
        await _host.Runtime.StartAsync(id, TestContext.Current.CancellationToken);
        (await _host.Runtime.StateAsync(id, TestContext.Current.CancellationToken))!.Status.ShouldBe(OciContainerStatus.Running);

        var exit = await exited.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        exit.ExitCode.ShouldBe(3);
        exit.OomKilled.ShouldBeFalse();
        exit.FinishedAt.ShouldBeGreaterThan(startedAt.AddMilliseconds(500));
        exit.FinishedAt.ShouldBeLessThan(DateTimeOffset.UtcNow.AddSeconds(1));
        (await _host.Runtime.StateAsync(id, TestContext.Current.CancellationToken))!.Status.ShouldBe(OciContainerStatus.Stopped);
        File.ReadAllText(Path.Combine(_host.Runtime.PersistDirectory(id), "exit")).ShouldBe("3");
    }

    [Fact]
    public async Task Create_ConmonDaemonisesAwayFromUs()
    {
        var id = RuntimeTestHost.NewId();
        var created = await _host.CreateAsync(id, ["sleep", "1000"]);

        var conmon = ProcStat.TryRead(created.MonitorPid);
        conmon.ShouldNotBeNull();
        conmon.Command.ShouldBe("conmon");
        conmon.ParentPid.ShouldNotBe(Environment.ProcessId, "conmon double-forks, so a crisp restart does not take containers down");
        conmon.StartTime.ShouldBe(created.MonitorStartTime);
        var stat = File.ReadAllText($"/proc/{created.MonitorPid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        (fields[2], fields[3]).ShouldBe((created.MonitorPid.ToString(System.Globalization.CultureInfo.InvariantCulture), created.MonitorPid.ToString(System.Globalization.CultureInfo.InvariantCulture)), "conmon leads its own session and process group");
        ProcStat.TryRead(created.Pid)!.ParentPid.ShouldBe(created.MonitorPid, "conmon is the subreaper of the container's init");
        File.ReadAllText(Path.Combine(_host.Bundle(id), "conmon-pidfile")).Trim().ShouldBe(created.MonitorPid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        File.GetAttributes(Path.Combine(_host.Options.AttachSocketDirectory, id)).HasFlag(FileAttributes.ReparsePoint).ShouldBeTrue("the attach link points at the bundle");
        File.Exists(Path.Combine(_host.Bundle(id), "attach")).ShouldBeTrue();

        // A "restarted" crisp: a fresh runtime with no memory of the create drives the container by id alone.
        var restarted = new ConmonRuncRuntime(_host.Options, NullLogger<ConmonRuncRuntime>.Instance);
        await restarted.StartAsync(id, TestContext.Current.CancellationToken);
        var hostname = await restarted.ExecSyncAsync(id, ["cat", "/proc/sys/kernel/hostname"], TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        System.Text.Encoding.UTF8.GetString(hostname.Stdout).ShouldBe("crisp-test\n");
        await restarted.StopAsync(id, TimeSpan.FromSeconds(1), cancellationToken: TestContext.Current.CancellationToken);
        (await _host.WaitForExitFileAsync(id)).ExitCode.ShouldBe(137, "sleep as pid 1 has no SIGTERM handler, so the kernel ignores SIGTERM and the stop ends in SIGKILL");
    }

    [Fact]
    public async Task Create_CommandNotFound_ThrowsRuncsMessageAndLeavesNothingBehind()
    {
        var id = RuntimeTestHost.NewId();
        var options = _host.Prepare(id, ["nosuchcmd"]);

        var error = await Should.ThrowAsync<OciRuntimeException>(() => _host.Runtime.CreateAsync(options, TestContext.Current.CancellationToken));

        error.Message.ShouldContain("exec: \"nosuchcmd\": executable file not found in $PATH");
        error.Message.ShouldStartWith("container create failed: ");
        error.ContainerId.ShouldBe(id);
        (await _host.RuncAsync("list", "-q")).Trim().ShouldBeEmpty();
        (await _host.Runtime.StateAsync(id, TestContext.Current.CancellationToken)).ShouldBeNull();
        await AssertNoConmonForAsync(id);
        foreach (var leftover in new[] { "conmon-pidfile", "pidfile", "ctl", "winsz", "attach" })
        {
            File.Exists(Path.Combine(options.BundleDirectory, leftover)).ShouldBeFalse(leftover);
        }

        File.Exists(options.LogPath).ShouldBeFalse();
        File.Exists(Path.Combine(_host.Options.ExitsDirectory, id)).ShouldBeFalse();
        Directory.Exists(_host.Runtime.PersistDirectory(id)).ShouldBeFalse();
        Path.Exists(Path.Combine(_host.Options.AttachSocketDirectory, id)).ShouldBeFalse();
        CgroupCleanup.Directories(BusyboxBundle.CgroupsPath(id)).Where(Directory.Exists).ShouldBeEmpty();
    }

    [Fact]
    public async Task Create_BundleWithoutConfig_Throws()
    {
        var bundle = Path.Combine(_host.Root, "empty");
        Directory.CreateDirectory(bundle);
        var options = new ContainerCreateOptions { Id = RuntimeTestHost.NewId(), BundleDirectory = bundle, LogPath = _host.LogPath("x") };

        (await Should.ThrowAsync<OciRuntimeException>(() => _host.Runtime.CreateAsync(options, TestContext.Current.CancellationToken))).Message.ShouldContain("config.json");
        await Should.ThrowAsync<ArgumentException>(() => _host.Runtime.CreateAsync(options with { Id = "../evil" }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Delete_IsIdempotentAndRemovesTheContainersFiles()
    {
        var id = RuntimeTestHost.NewId();
        var created = await _host.RunAsync(id, ["sleep", "1000"]);

        await Should.ThrowAsync<OciRuntimeException>(() => _host.Runtime.DeleteAsync(id, force: false, TestContext.Current.CancellationToken));
        await _host.Runtime.DeleteAsync(id, force: true, TestContext.Current.CancellationToken);
        await _host.Runtime.DeleteAsync(id, force: true, TestContext.Current.CancellationToken);
        await _host.Runtime.DeleteAsync(id, force: false, TestContext.Current.CancellationToken);
        await _host.Runtime.DeleteAsync(RuntimeTestHost.NewId(), force: false, TestContext.Current.CancellationToken);

        (await _host.Runtime.StateAsync(id, TestContext.Current.CancellationToken)).ShouldBeNull();
        (await _host.Runtime.ListAsync(TestContext.Current.CancellationToken)).ShouldBeEmpty();
        PidFd.TryOpen(created.Pid)?.WaitForExit(TimeSpan.FromSeconds(10)).ShouldBeTrue();
        using var conmon = PidFd.TryOpen(created.MonitorPid);
        (conmon?.WaitForExit(TimeSpan.FromSeconds(10)) ?? true).ShouldBeTrue("conmon exits with its container");
        File.Exists(Path.Combine(_host.Options.ExitsDirectory, id)).ShouldBeFalse();
        Directory.Exists(_host.Runtime.PersistDirectory(id)).ShouldBeFalse();
    }

    [Fact]
    public async Task ListKillPauseResume_DriveRunc()
    {
        var first = RuntimeTestHost.NewId();
        var second = RuntimeTestHost.NewId();
        await _host.RunAsync(first, ["sleep", "1000"]);
        await _host.CreateAsync(second, ["sleep", "1000"]);

        var listed = await _host.Runtime.ListAsync(TestContext.Current.CancellationToken);
        listed.Select(s => (s.Id, s.Status)).Order().ShouldBe(new[] { (first, OciContainerStatus.Running), (second, OciContainerStatus.Created) }.Order());

        await _host.Runtime.PauseAsync(first, TestContext.Current.CancellationToken);
        (await _host.Runtime.StateAsync(first, TestContext.Current.CancellationToken))!.Status.ShouldBe(OciContainerStatus.Paused);
        await _host.Runtime.ResumeAsync(first, TestContext.Current.CancellationToken);
        (await _host.Runtime.StateAsync(first, TestContext.Current.CancellationToken))!.Status.ShouldBe(OciContainerStatus.Running);

        await _host.Runtime.KillAsync(first, Processes.SigKill, all: true, TestContext.Current.CancellationToken);
        (await _host.WaitForExitFileAsync(first)).ExitCode.ShouldBe(137);
        var notRunning = await Should.ThrowAsync<OciRuntimeException>(() => _host.Runtime.KillAsync(first, Processes.SigKill, cancellationToken: TestContext.Current.CancellationToken));
        notRunning.IsNotFound.ShouldBeTrue();
        (await Should.ThrowAsync<OciRuntimeException>(() => _host.Runtime.StartAsync(RuntimeTestHost.NewId(), TestContext.Current.CancellationToken))).IsNotFound.ShouldBeTrue();
    }

    [Fact]
    public async Task UpdateResources_ChangesTheCgroupMemoryLimit()
    {
        var id = RuntimeTestHost.NewId();
        await _host.RunAsync(id, ["sleep", "1000"]);

        await _host.Runtime.UpdateResourcesAsync(id, """{"memory":{"limit":67108864,"swap":67108864}}""", TestContext.Current.CancellationToken);

        File.ReadAllText($"/sys/fs/cgroup/memory{BusyboxBundle.CgroupsPath(id)}/memory.limit_in_bytes").Trim().ShouldBe("67108864");
        var error = await Should.ThrowAsync<OciRuntimeException>(() => _host.Runtime.UpdateResourcesAsync(id, "not json", TestContext.Current.CancellationToken));
        error.Message.ShouldStartWith($"runc update {id} failed");
    }

    private async Task AssertNoConmonForAsync(string id)
    {
        // conmon exits by itself after reporting the failure; give it a moment.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            var alive = Directory.EnumerateDirectories("/proc")
                .Select(Path.GetFileName)
                .Where(name => int.TryParse(name, out _))
                .Any(pid =>
                {
                    try
                    {
                        return File.ReadAllText($"/proc/{pid}/cmdline").Contains(_host.Bundle(id), StringComparison.Ordinal);
                    }
                    catch (IOException)
                    {
                        return false;
                    }
                });
            if (!alive)
            {
                return;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new ShouldAssertException($"a conmon for {id} is still running");
    }
}

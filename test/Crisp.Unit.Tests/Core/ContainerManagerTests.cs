using System.Text;
using Crisp.Core.Containers;
using Crisp.Core.Sandboxes;
using Crisp.Core.State;
using Crisp.Oci.Runtime;
using Runtime.V1;
using Shouldly;
using static Crisp.Unit.Tests.Core.ContainerManagerHost;
using Container = Crisp.Core.Containers.Container;
using ContainerFilter = Crisp.Core.Containers.ContainerFilter;
using ContainerState = Crisp.Core.Containers.ContainerState;

namespace Crisp.Unit.Tests.Core;

public sealed class ContainerManagerTests : IDisposable
{
    private readonly ContainerManagerHost _host = new();

    public void Dispose() => _host.Dispose();

    private static CancellationToken None => CancellationToken.None;

    internal static ContainerConfig Config(string name, uint attempt = 0, string image = "busybox") => new()
    {
        Metadata = new ContainerMetadata { Name = name, Attempt = attempt },
        Image = new ImageSpec { Image = image },
    };

    /// <summary>Seeds the containers and restarts the manager over them (runc reports each live one in its recorded state).</summary>
    private async Task<Container[]> SeedAsync(params ContainerState[] states)
    {
        var seeded = states.Select((s, i) => _host.Seed(s, name: $"c{i}")).ToArray();
        foreach (var created in seeded.Where(c => c.State == ContainerState.Created))
        {
            _host.Runtime.States[created.Id] = new OciContainerState(created.Id, OciContainerStatus.Created, created.Pid, created.BundleDirectory, Now);
        }

        await _host.RestartAsync();
        _host.TakeCalls();
        return [.. seeded.Select(c => _host.Manager.Get(c.Id))];
    }

    private async Task<Container> SeedAsync(ContainerState state) => (await SeedAsync([state]))[0];

    // Get, List, IsImageInUse

    [Fact]
    public async Task Get_FullIdOrUniquePrefix()
    {
        _host.Seed(ContainerState.Running, id: "ab1" + new string('0', 61), name: "a");
        _host.Seed(ContainerState.Running, id: "ab2" + new string('0', 61), name: "b");
        await _host.RestartAsync();

        _host.Manager.Get("ab1" + new string('0', 61)).MetadataName.ShouldBe("a");
        _host.Manager.Get("ab2").MetadataName.ShouldBe("b");
    }

    [Fact]
    public async Task Get_AmbiguousPrefix_InvalidArgument()
    {
        _host.Seed(ContainerState.Running, id: "ab1" + new string('0', 61), name: "a");
        _host.Seed(ContainerState.Exited, id: "ab2" + new string('0', 61), name: "b");
        await _host.RestartAsync();

        var error = Should.Throw<ContainerException>(() => _host.Manager.Get("ab"));

        error.Kind.ShouldBe(ContainerErrorKind.InvalidArgument);
        error.Message.ShouldBe("container id prefix \"ab\" matches 2 containers");
    }

    [Fact]
    public async Task Get_UnknownOrEmpty()
    {
        await SeedAsync(ContainerState.Running);

        Should.Throw<ContainerException>(() => _host.Manager.Get(SandboxIds.New())).Kind.ShouldBe(ContainerErrorKind.NotFound);
        Should.Throw<ContainerException>(() => _host.Manager.Get("")).Kind.ShouldBe(ContainerErrorKind.InvalidArgument);
    }

    [Fact]
    public async Task Get_And_List_DoNotShowAContainerBeingCreated()
    {
        var visible = _host.Seed(ContainerState.Running, id: "ab0" + new string('0', 61));
        await _host.RestartAsync();
        var creating = ContainerStoreTests.Sample("ab1" + new string('1', 61), ContainerState.Creating, _host.Sandbox.Id);
        _host.Store.Save(creating);

        Should.Throw<ContainerException>(() => _host.Manager.Get(creating.Id)).Kind.ShouldBe(ContainerErrorKind.NotFound);
        Should.Throw<ContainerException>(() => _host.Manager.Get("ab1")).Kind.ShouldBe(ContainerErrorKind.NotFound);
        _host.Manager.Get("ab").Id.ShouldBe(visible.Id, "the container being created does not make the prefix ambiguous");
        _host.Manager.List().Select(c => c.Id).ShouldBe([visible.Id]);
        _host.Manager.IsImageInUse(creating.ImageId).ShouldBeTrue();
    }

    [Fact]
    public async Task List_OldestFirst_FilterByIdPrefixSandboxPrefixStateAndLabels()
    {
        var first = _host.Seed(ContainerState.Running, id: "aa" + new string('0', 62), name: "a", createdAt: 1);
        var second = _host.Seed(ContainerState.Exited, id: "bb" + new string('0', 62), name: "b", createdAt: 2);
        await _host.RestartAsync();

        _host.Manager.List().Select(c => c.Id).ShouldBe([first.Id, second.Id]);
        _host.Manager.List(new ContainerFilter { Id = "bb" }).ShouldHaveSingleItem().Id.ShouldBe(second.Id);
        _host.Manager.List(new ContainerFilter { SandboxId = _host.Sandbox.Id[..6] }).Count.ShouldBe(2);
        _host.Manager.List(new ContainerFilter { SandboxId = "zz" }).ShouldBeEmpty();
        _host.Manager.List(new ContainerFilter { State = ContainerState.Exited }).ShouldHaveSingleItem().Id.ShouldBe(second.Id);
        _host.Manager.List(new ContainerFilter { Labels = new Dictionary<string, string> { ["x"] = "y" } }).ShouldBeEmpty();
    }

    [Fact]
    public async Task IsImageInUse_AnyContainerFromTheImage_InAnyState()
    {
        var container = await SeedAsync(ContainerState.Exited);

        _host.Manager.IsImageInUse(container.ImageId).ShouldBeTrue();
        _host.Manager.IsImageInUse(new string('9', 64)).ShouldBeFalse();

        await _host.Manager.RemoveAsync(container.Id, None);
        _host.Manager.IsImageInUse(container.ImageId).ShouldBeFalse();
    }

    [Fact]
    public async Task ReadRuntimeSpec_TheBundlesConfigJson_NullWhenGone()
    {
        var container = await SeedAsync(ContainerState.Running);

        _host.Manager.ReadRuntimeSpec(container).ShouldBeNull();
        _host.CreateFiles(container);
        _host.Manager.ReadRuntimeSpec(container).ShouldBe("{\"ociVersion\":\"1.0.2\"}");
    }

    // Stop and remove

    [Fact]
    public async Task StopAsync_UnknownId_NoOp()
    {
        await SeedAsync(ContainerState.Running);

        await _host.Manager.StopAsync(SandboxIds.New(), TimeSpan.FromSeconds(10), None);

        _host.TakeCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task RemoveAsync_UnknownId_NoOp()
    {
        var kept = await SeedAsync(ContainerState.Exited);

        await _host.Manager.RemoveAsync(SandboxIds.New(), None);

        _host.TakeCalls().ShouldBeEmpty();
        _host.Manager.List().ShouldHaveSingleItem().Id.ShouldBe(kept.Id);
    }

    [Fact]
    public async Task StopAsync_Running_SendsTheStopSignalWithTheTimeout_RecordsConmonsExit()
    {
        var container = await SeedAsync(ContainerState.Running);
        _host.Runtime.ExitCodeOnStop = 143;

        await _host.Manager.StopAsync(container.Id[..8], TimeSpan.FromSeconds(10), None);

        _host.TakeCalls().ShouldBe([$"stop {container.Id} signal 3 timeout 10"]);
        var stopped = _host.Manager.Get(container.Id);
        (stopped.State, stopped.ExitCode, stopped.Reason, stopped.Pid).ShouldBe((ContainerState.Exited, 143, "Error", 0));
        stopped.FinishedAt.ShouldBe(Nanoseconds(Now));
        _host.OnDisk(container.Id)!.State.ShouldBe(ContainerState.Exited);

        await _host.Manager.StopAsync(container.Id, TimeSpan.FromSeconds(10), None);
        _host.TakeCalls().ShouldBeEmpty("an exited container is not stopped again");
    }

    [Fact]
    public async Task StopAsync_NoExitRecorded_Exited255()
    {
        var container = await SeedAsync(ContainerState.Running);

        await _host.Manager.StopAsync(container.Id, TimeSpan.Zero, None);

        var stopped = _host.Manager.Get(container.Id);
        (stopped.State, stopped.ExitCode, stopped.Reason).ShouldBe((ContainerState.Exited, 255, "Error"));
        stopped.Message.ShouldBe("the container's exit code is unknown: conmon recorded no exit code");
    }

    [Fact]
    public async Task StopAsync_RuntimeFails_FailedAndStillRunning()
    {
        var container = await SeedAsync(ContainerState.Running);
        _host.Runtime.StopFailure = new OciRuntimeException("runc kill: permission denied");

        var error = await Should.ThrowAsync<ContainerException>(() => _host.Manager.StopAsync(container.Id, TimeSpan.Zero, None));

        error.Kind.ShouldBe(ContainerErrorKind.Failed);
        error.Message.ShouldContain("runc kill: permission denied");
        _host.Manager.Get(container.Id).State.ShouldBe(ContainerState.Running);
    }

    [Fact]
    public async Task RemoveAsync_Running_StopsThenDeletes_ForgetsEverything()
    {
        var container = await SeedAsync(ContainerState.Running);
        _host.CreateFiles(container);
        _host.Runtime.ExitCodeOnStop = 137;

        await _host.Manager.RemoveAsync(container.Id, None);

        _host.TakeCalls().ShouldBe([$"stop {container.Id} signal 3 timeout 0", $"delete {container.Id} force"]);
        Should.Throw<ContainerException>(() => _host.Manager.Get(container.Id)).Kind.ShouldBe(ContainerErrorKind.NotFound);
        _host.OnDisk(container.Id).ShouldBeNull();
        Directory.Exists(_host.Store.StateDirectory(container.Id)).ShouldBeFalse();
        Directory.Exists(_host.Paths.ContainerStorage(container.Id)).ShouldBeFalse();
        Directory.Exists(Path.GetDirectoryName(container.BundleDirectory)).ShouldBeFalse();

        await _host.Manager.RemoveAsync(container.Id, None);
        _host.TakeCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task RemoveAsync_Exited_DeletesWithoutStopping_ReleasesTheName()
    {
        var container = await SeedAsync(ContainerState.Exited);
        _host.AddImage();

        await _host.Manager.RemoveAsync(container.Id, None);

        _host.TakeCalls().ShouldBe([$"delete {container.Id} force"]);
        var error = await Should.ThrowAsync<ContainerException>(() => _host.Manager.CreateAsync(_host.Sandbox.Id, Config(container.MetadataName), null));
        error.Kind.ShouldBe(ContainerErrorKind.Failed, "the name is free again; the create fails later, mounting an image without layers");
    }

    [Fact]
    public async Task StopAllAsync_And_RemoveAllAsync_OnlyThePodsContainers()
    {
        var mine = _host.Seed(ContainerState.Running, name: "mine");
        var other = SandboxStoreTests.Sample() with { Metadata = new SandboxMetadata("other", "uid-2", "default", 0) };
        _host.Sandboxes.Save(other);
        var theirs = _host.Seed(ContainerState.Running, name: "theirs", sandboxId: other.Id);
        await _host.RestartAsync();
        _host.TakeCalls();

        await _host.Manager.StopAllAsync(_host.Sandbox, None);

        _host.TakeCalls().ShouldBe([$"stop {mine.Id} signal 3 timeout 0"]);
        _host.Manager.Get(mine.Id).State.ShouldBe(ContainerState.Exited);
        _host.Manager.Get(theirs.Id).State.ShouldBe(ContainerState.Running);

        await _host.Manager.RemoveAllAsync(_host.Sandbox, None);

        _host.TakeCalls().ShouldBe([$"delete {mine.Id} force"]);
        _host.Manager.List().ShouldHaveSingleItem().Id.ShouldBe(theirs.Id);
    }

    // Start

    [Fact]
    public async Task StartAsync_Created_RunsIt_RecordsRunning()
    {
        var container = await SeedAsync(ContainerState.Created);
        _host.Time.UtcNow = Now.AddSeconds(5);

        await _host.Manager.StartAsync(container.Id[..10], None);

        _host.TakeCalls().ShouldBe([$"start {container.Id}"]);
        var started = _host.Manager.Get(container.Id);
        (started.State, started.StartedAt, started.Pid).ShouldBe((ContainerState.Running, Nanoseconds(Now.AddSeconds(5)), container.Pid));
        _host.OnDisk(container.Id)!.State.ShouldBe(ContainerState.Running);
    }

    [Theory]
    [InlineData(ContainerState.Running, "running")]
    [InlineData(ContainerState.Exited, "exited")]
    public async Task StartAsync_NotCreated_FailedPrecondition_RuntimeNotCalled(ContainerState state, string described)
    {
        var container = await SeedAsync(state);

        var error = await Should.ThrowAsync<ContainerException>(() => _host.Manager.StartAsync(container.Id, None));

        error.Kind.ShouldBe(ContainerErrorKind.FailedPrecondition);
        error.Message.ShouldBe($"container {container.Id} is not in created state: {described}");
        _host.TakeCalls().ShouldBeEmpty();
        _host.Manager.Get(container.Id).State.ShouldBe(state);
    }

    [Fact]
    public async Task StartAsync_Unknown_NotFound()
    {
        await SeedAsync(ContainerState.Created);

        var error = await Should.ThrowAsync<ContainerException>(() => _host.Manager.StartAsync(SandboxIds.New(), None));

        error.Kind.ShouldBe(ContainerErrorKind.NotFound);
    }

    [Fact]
    public async Task StartAsync_RuntimeFails_RecordedExitedWithTheError()
    {
        var container = await SeedAsync(ContainerState.Created);
        _host.Runtime.StartFailure = new OciRuntimeException("exec: \"nope\": executable file not found in $PATH");

        var error = await Should.ThrowAsync<ContainerException>(() => _host.Manager.StartAsync(container.Id, None));

        error.Kind.ShouldBe(ContainerErrorKind.Failed);
        error.Message.ShouldContain("executable file not found");
        var failed = _host.Manager.Get(container.Id);
        (failed.State, failed.ExitCode, failed.Reason, failed.Pid).ShouldBe((ContainerState.Exited, 128, "Error", 0));
        failed.Message.ShouldBe("exec: \"nope\": executable file not found in $PATH");
        failed.FinishedAt.ShouldBe(Nanoseconds(Now));
    }

    [Fact]
    public async Task StartAsync_ExitedBeforeTheRecordSaidRunning_ExitApplied()
    {
        var container = await SeedAsync(ContainerState.Created);
        _host.Runtime.Exit(container.Id, 0, finishedAt: Now.AddSeconds(1));

        await _host.Manager.StartAsync(container.Id, None);

        var exited = _host.Manager.Get(container.Id);
        (exited.State, exited.ExitCode, exited.Reason).ShouldBe((ContainerState.Exited, 0, "Completed"));
        exited.StartedAt.ShouldBe(Nanoseconds(Now));
        exited.FinishedAt.ShouldBe(Nanoseconds(Now.AddSeconds(1)));
    }

    // ExecSync

    [Fact]
    public async Task ExecSyncAsync_Running_ReturnsTheRuntimesResult()
    {
        var container = await SeedAsync(ContainerState.Running);
        _host.Runtime.ExecResult = new ExecSyncResult("hi\n"u8.ToArray(), "warn\n"u8.ToArray(), 3);

        var result = await _host.Manager.ExecSyncAsync(container.Id[..5], ["echo", "hi"], TimeSpan.FromSeconds(2), None);

        (Encoding.UTF8.GetString(result.Stdout), Encoding.UTF8.GetString(result.Stderr), result.ExitCode).ShouldBe(("hi\n", "warn\n", 3));
        _host.TakeCalls().ShouldBe([$"exec {container.Id} echo hi timeout 2"]);
    }

    [Theory]
    [InlineData(ContainerState.Exited)]
    [InlineData(ContainerState.Created)]
    public async Task ExecSyncAsync_NotRunning_FailedPrecondition_RuntimeNotCalled(ContainerState state)
    {
        var container = await SeedAsync(state);

        var error = await Should.ThrowAsync<ContainerException>(() => _host.Manager.ExecSyncAsync(container.Id, ["true"], TimeSpan.Zero, None));

        error.Kind.ShouldBe(ContainerErrorKind.FailedPrecondition);
        error.Message.ShouldStartWith($"ExecSync: container {container.Id} is not running");
        _host.TakeCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task ExecSyncAsync_ExitRecordedButNotYetDelivered_AppliesItAndRefuses()
    {
        var container = await SeedAsync(ContainerState.Running);
        _host.Runtime.Exit(container.Id, 1);

        var error = await Should.ThrowAsync<ContainerException>(() => _host.Manager.ExecSyncAsync(container.Id, ["true"], TimeSpan.Zero, None));

        error.Kind.ShouldBe(ContainerErrorKind.FailedPrecondition);
        _host.TakeCalls().ShouldBeEmpty();
        (_host.Manager.Get(container.Id).State, _host.Manager.Get(container.Id).ExitCode).ShouldBe((ContainerState.Exited, 1));
    }

    [Fact]
    public async Task ExecSyncAsync_TimedOut_DeadlineExceeded()
    {
        var container = await SeedAsync(ContainerState.Running);
        _host.Runtime.ExecResult = new ExecSyncResult([], "command timed out"u8.ToArray(), -1, TimedOut: true);

        var error = await Should.ThrowAsync<ContainerException>(() => _host.Manager.ExecSyncAsync(container.Id, ["sleep", "60"], TimeSpan.FromSeconds(1.5), None));

        error.Kind.ShouldBe(ContainerErrorKind.DeadlineExceeded);
        error.Message.ShouldContain("sleep 60");
        error.Message.ShouldContain("1.5s");
        _host.Manager.Get(container.Id).State.ShouldBe(ContainerState.Running);
    }

    [Fact]
    public async Task ExecSyncAsync_RuntimeFails_Failed()
    {
        var container = await SeedAsync(ContainerState.Running);
        _host.Runtime.ExecFailure = new OciRuntimeException("conmon: exec failed");

        var error = await Should.ThrowAsync<ContainerException>(() => _host.Manager.ExecSyncAsync(container.Id, ["true"], TimeSpan.Zero, None));

        error.Kind.ShouldBe(ContainerErrorKind.Failed);
        error.Message.ShouldContain("conmon: exec failed");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task ExecSyncAsync_EmptyCommand_InvalidArgument(int variant)
    {
        var container = await SeedAsync(ContainerState.Running);
        string[] command = variant == 0 ? [] : [""];

        var error = await Should.ThrowAsync<ContainerException>(() => _host.Manager.ExecSyncAsync(container.Id, command, TimeSpan.Zero, None));

        error.Kind.ShouldBe(ContainerErrorKind.InvalidArgument);
        _host.TakeCalls().ShouldBeEmpty();
    }

    // Exits

    [Fact]
    public async Task OnContainerExitedAsync_AppliesTheExitOnce()
    {
        var container = await SeedAsync(ContainerState.Running);
        _host.Runtime.Exit(container.Id, 3, finishedAt: Now.AddSeconds(-5));

        await _host.Manager.OnContainerExitedAsync(container.Id);
        var first = _host.Manager.Get(container.Id);
        _host.Runtime.Exit(container.Id, 0, oomKilled: true, finishedAt: Now);
        await _host.Manager.OnContainerExitedAsync(container.Id);

        (first.State, first.ExitCode, first.Reason, first.Pid).ShouldBe((ContainerState.Exited, 3, "Error", 0));
        first.FinishedAt.ShouldBe(Nanoseconds(Now.AddSeconds(-5)));
        _host.Manager.Get(container.Id).ShouldBe(first);
        _host.OnDisk(container.Id)!.ExitCode.ShouldBe(3);
    }

    [Fact]
    public async Task OnContainerExitedAsync_OomKilled_CountedOnceByName()
    {
        var container = await SeedAsync(ContainerState.Running);
        _host.Runtime.Exit(container.Id, 137, oomKilled: true);

        await _host.Manager.OnContainerExitedAsync(container.Id);
        await _host.Manager.OnContainerExitedAsync(container.Id);

        var page = _host.Metrics.Registry.Render(Crisp.Core.Metrics.MetricCollectors.Select(Crisp.Config.MetricsConfig.AllCollectors));
        page.ShouldContain("container_runtime_crisp_containers_oom_total 1\n");
        page.ShouldContain($"container_runtime_crisp_containers_oom_count_total{{name=\"{container.Name}\"}} 1\n");
    }

    [Fact]
    public async Task OnContainerExitedAsync_NotOom_NotCounted()
    {
        var container = await SeedAsync(ContainerState.Running);
        _host.Runtime.Exit(container.Id, 1);

        await _host.Manager.OnContainerExitedAsync(container.Id);

        var page = _host.Metrics.Registry.Render(Crisp.Core.Metrics.MetricCollectors.Select(["containers_oom_total", "containers_oom_count_total"]));
        page.ShouldBe("# HELP container_runtime_crisp_containers_oom_total Amount of containers killed because they ran out of memory (OOM).\n"
            + "# TYPE container_runtime_crisp_containers_oom_total counter\ncontainer_runtime_crisp_containers_oom_total 0\n");
    }

    [Fact]
    public async Task OnContainerExitedAsync_CreatedContainer_Exited()
    {
        var container = await SeedAsync(ContainerState.Created);
        _host.Runtime.Exit(container.Id, 137, oomKilled: true);

        await _host.Manager.OnContainerExitedAsync(container.Id);

        var exited = _host.Manager.Get(container.Id);
        (exited.State, exited.ExitCode, exited.Reason).ShouldBe((ContainerState.Exited, 137, "OOMKilled"));
    }

    [Fact]
    public async Task OnContainerExitedAsync_NoExitFile_StaysRunning()
    {
        var container = await SeedAsync(ContainerState.Running);

        await _host.Manager.OnContainerExitedAsync(container.Id);

        _host.Manager.Get(container.Id).ShouldBe(container);
    }

    [Fact]
    public async Task OnContainerExitedAsync_UnknownOrInvalidId_Ignored()
    {
        await SeedAsync(ContainerState.Running);

        await _host.Manager.OnContainerExitedAsync(SandboxIds.New());
        await _host.Manager.OnContainerExitedAsync("not-a-container");

        _host.TakeCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task RefreshAsync_PendingExit_Applied()
    {
        var container = await SeedAsync(ContainerState.Running);
        _host.Runtime.Exit(container.Id, 0);

        var refreshed = await _host.Manager.RefreshAsync(container.Id[..6], None);

        (refreshed.State, refreshed.Reason).ShouldBe((ContainerState.Exited, "Completed"));
    }

    // Update resources and reopen the log

    [Fact]
    public async Task UpdateResourcesAsync_Running_RuncUpdate_ThenStatusReportsTheNewLimits()
    {
        var container = await SeedAsync(ContainerState.Running);
        var resources = new LinuxContainerResources { CpuShares = 256, MemoryLimitInBytes = 32 << 20 };

        await _host.Manager.UpdateResourcesAsync(container.Id, resources, None);

        _host.TakeCalls().ShouldBe([$"update {container.Id}"]);
        var json = _host.Runtime.LastResources.ShouldHaveSingleItem();
        json.ShouldContain("256");
        json.ShouldContain((32 << 20).ToString(System.Globalization.CultureInfo.InvariantCulture));
        ContainerCriMapping.ToStatus(_host.Manager.Get(container.Id)).Resources.Linux.ShouldBe(resources);
        _host.OnDisk(container.Id)!.ReadConfig().Linux.Resources.ShouldBe(resources);
    }

    [Fact]
    public async Task UpdateResourcesAsync_Exited_FailedPrecondition()
    {
        var container = await SeedAsync(ContainerState.Exited);

        var error = await Should.ThrowAsync<ContainerException>(() => _host.Manager.UpdateResourcesAsync(container.Id, new LinuxContainerResources(), None));

        error.Kind.ShouldBe(ContainerErrorKind.FailedPrecondition);
        _host.TakeCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task ReopenLogAsync_RunningOnly()
    {
        var seeded = await SeedAsync(ContainerState.Running, ContainerState.Exited);
        var (running, exited) = (seeded[0], seeded[1]);

        await _host.Manager.ReopenLogAsync(running.Id, None);
        var error = await Should.ThrowAsync<ContainerException>(() => _host.Manager.ReopenLogAsync(exited.Id, None));

        _host.TakeCalls().ShouldBe([$"reopen {running.Id} {running.LogPath}"]);
        error.Kind.ShouldBe(ContainerErrorKind.FailedPrecondition);
    }

    // Create: what can be checked without mounting a root file system

    [Fact]
    public async Task CreateAsync_NoMetadataOrNoImage_InvalidArgument()
    {
        _host.AddImage();

        (await Should.ThrowAsync<ContainerException>(() => _host.Manager.CreateAsync(_host.Sandbox.Id, null, null))).Kind.ShouldBe(ContainerErrorKind.InvalidArgument);
        (await Should.ThrowAsync<ContainerException>(() => _host.Manager.CreateAsync(_host.Sandbox.Id, new ContainerConfig { Image = new ImageSpec { Image = "busybox" } }, null)))
            .Kind.ShouldBe(ContainerErrorKind.InvalidArgument);
        (await Should.ThrowAsync<ContainerException>(() => _host.Manager.CreateAsync(_host.Sandbox.Id, Config("app", image: ""), null)))
            .Kind.ShouldBe(ContainerErrorKind.InvalidArgument);
        _host.Store.List().ShouldBeEmpty();
    }

    [Fact]
    public async Task CreateAsync_UnknownSandbox_NotFound_UnknownImage_NotFound()
    {
        _host.AddImage();

        (await Should.ThrowAsync<ContainerException>(() => _host.Manager.CreateAsync(SandboxIds.New(), Config("app"), null))).Kind.ShouldBe(ContainerErrorKind.NotFound);
        (await Should.ThrowAsync<ContainerException>(() => _host.Manager.CreateAsync(_host.Sandbox.Id, Config("app", image: "nginx"), null))).Kind.ShouldBe(ContainerErrorKind.NotFound);
        _host.Store.List().ShouldBeEmpty();
    }

    [Fact]
    public async Task CreateAsync_StoppedSandbox_FailedPrecondition()
    {
        _host.AddImage();
        _host.Sandboxes.Save(_host.Sandbox with { Stopped = true, State = SandboxState.NotReady });

        var error = await Should.ThrowAsync<ContainerException>(() => _host.Manager.CreateAsync(_host.Sandbox.Id[..12], Config("app"), null));

        error.Kind.ShouldBe(ContainerErrorKind.FailedPrecondition);
        error.Message.ShouldContain(_host.Sandbox.Id);
    }

    [Fact]
    public async Task CreateAsync_RootfsCannotBeMounted_EverythingUndone_NameReleased()
    {
        _host.AddImage();

        var error = await Should.ThrowAsync<ContainerException>(() => _host.Manager.CreateAsync(_host.Sandbox.Id, Config("app"), new PodSandboxConfig()));

        error.Kind.ShouldBe(ContainerErrorKind.Failed);
        error.Message.ShouldContain("has no layers");
        var calls = _host.TakeCalls();
        calls.ShouldHaveSingleItem().ShouldStartWith("delete ");
        calls[0].ShouldEndWith(" force");
        _host.Store.List().ShouldBeEmpty();
        Directory.EnumerateFileSystemEntries(_host.Store.Directory).ShouldBeEmpty();
        _host.Manager.List().ShouldBeEmpty();

        var again = await Should.ThrowAsync<ContainerException>(() => _host.Manager.CreateAsync(_host.Sandbox.Id, Config("app"), new PodSandboxConfig()));
        again.Kind.ShouldBe(ContainerErrorKind.Failed, "the name was released");
    }
}

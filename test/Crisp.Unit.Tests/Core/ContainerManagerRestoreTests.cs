using System.Text.Json;
using Crisp.Core.Containers;
using Crisp.Core.Sandboxes;
using Crisp.Core.State;
using Crisp.Oci.Runtime;
using Shouldly;
using static Crisp.Unit.Tests.Core.ContainerManagerHost;

namespace Crisp.Unit.Tests.Core;

public sealed class ContainerManagerRestoreTests : IDisposable
{
    private readonly ContainerManagerHost _host = new();

    public void Dispose() => _host.Dispose();

    private static string Json(Container container) => JsonSerializer.Serialize(container, StateJsonContext.Default.Container);

    [Theory]
    [InlineData(ContainerState.Running, 0, false, "Completed")]
    [InlineData(ContainerState.Running, 1, false, "Error")]
    [InlineData(ContainerState.Running, 137, true, "OOMKilled")]
    [InlineData(ContainerState.Running, 0, true, "OOMKilled")]
    [InlineData(ContainerState.Created, 127, false, "Error")]
    public async Task RestoreAsync_LiveContainerWithARecordedExit_ExitedWithThatCodeAndReason(ContainerState state, int exitCode, bool oom, string reason)
    {
        var seeded = _host.Seed(state);
        var finished = Now.AddSeconds(-30);
        _host.Runtime.Exit(seeded.Id, exitCode, oom, finished);

        var report = await _host.RestartAsync();

        report.ShouldBe(new ContainerRestoreReport(1, 1, 0));
        var container = _host.Manager.Get(seeded.Id);
        container.State.ShouldBe(ContainerState.Exited);
        (container.ExitCode, container.Reason, container.Message, container.Pid).ShouldBe((exitCode, reason, "", 0));
        container.FinishedAt.ShouldBe(Nanoseconds(finished));
        Json(_host.OnDisk(seeded.Id)!).ShouldBe(Json(container));
        _host.TakeCalls().ShouldBeEmpty("the exit file settles it; runc is not asked");
    }

    [Fact]
    public async Task RestoreAsync_ExitRecordedBeforeTheStartTime_FinishedAtIsNotBeforeStartedAt()
    {
        var seeded = _host.Seed(ContainerState.Running);
        _host.Runtime.Exit(seeded.Id, 0, finishedAt: Now.AddHours(-1));

        await _host.RestartAsync();

        var container = _host.Manager.Get(seeded.Id);
        container.FinishedAt.ShouldBe(seeded.StartedAt);
    }

    [Theory]
    [InlineData(OciContainerStatus.Stopped, "it stopped while crisp was down and conmon recorded no exit code")]
    [InlineData(null, "the runtime no longer knows the container")]
    public async Task RestoreAsync_RuntimeSaysStoppedWithoutAnExit_Exited255WithAMessage(OciContainerStatus? status, string why)
    {
        var seeded = _host.Seed(ContainerState.Running);
        _host.Runtime.States[seeded.Id] = status is { } s ? new OciContainerState(seeded.Id, s, 0, seeded.BundleDirectory, Now) : null;

        var report = await _host.RestartAsync();

        report.ShouldBe(new ContainerRestoreReport(1, 1, 0));
        var container = _host.Manager.Get(seeded.Id);
        (container.State, container.ExitCode, container.Reason, container.Pid).ShouldBe((ContainerState.Exited, 255, "Error", 0));
        container.Message.ShouldBe("the container's exit code is unknown: " + why);
        container.FinishedAt.ShouldBe(Nanoseconds(Now));
        _host.OnDisk(seeded.Id)!.State.ShouldBe(ContainerState.Exited);
        _host.TakeCalls().ShouldBe([$"state {seeded.Id}"]);
    }

    [Theory]
    [InlineData(OciContainerStatus.Running)]
    [InlineData(OciContainerStatus.Paused)]
    public async Task RestoreAsync_RunningAndRuntimeSaysRunning_StaysAsRecorded(OciContainerStatus status)
    {
        var seeded = _host.Seed(ContainerState.Running);
        _host.Runtime.States[seeded.Id] = new OciContainerState(seeded.Id, status, seeded.Pid, seeded.BundleDirectory, Now);

        var report = await _host.RestartAsync();

        // Running either way for the CRI; a container paused behind crisp's back is recorded paused.
        var expected = seeded with { Paused = status == OciContainerStatus.Paused };
        report.ShouldBe(new ContainerRestoreReport(1, 0, 0));
        Json(_host.Manager.Get(seeded.Id)).ShouldBe(Json(expected));
        Json(_host.OnDisk(seeded.Id)!).ShouldBe(Json(expected));
    }

    [Fact]
    public async Task RestoreAsync_RecordedPausedButRuntimeSaysRunning_RecordedUnpaused()
    {
        var seeded = _host.Seed(ContainerState.Running);
        _host.Store.Save(seeded with { Paused = true });
        _host.Runtime.States[seeded.Id] = new OciContainerState(seeded.Id, OciContainerStatus.Running, seeded.Pid, seeded.BundleDirectory, Now);

        await _host.RestartAsync();

        _host.OnDisk(seeded.Id)!.Paused.ShouldBeFalse();
    }

    [Fact]
    public async Task RestoreAsync_CreatedButRuntimeSaysRunning_RecordedRunningWithRuncsPid()
    {
        var seeded = _host.Seed(ContainerState.Created);
        _host.Runtime.States[seeded.Id] = new OciContainerState(seeded.Id, OciContainerStatus.Running, 777, seeded.BundleDirectory, Now);

        var report = await _host.RestartAsync();

        report.ShouldBe(new ContainerRestoreReport(1, 0, 0));
        var container = _host.Manager.Get(seeded.Id);
        (container.State, container.Pid, container.StartedAt).ShouldBe((ContainerState.Running, 777, Nanoseconds(Now)));
        _host.OnDisk(seeded.Id)!.State.ShouldBe(ContainerState.Running);
    }

    [Theory]
    [InlineData(OciContainerStatus.Created)]
    [InlineData(OciContainerStatus.Creating)]
    public async Task RestoreAsync_CreatedAndRuntimeSaysCreated_StaysCreated(OciContainerStatus status)
    {
        var seeded = _host.Seed(ContainerState.Created);
        _host.Runtime.States[seeded.Id] = new OciContainerState(seeded.Id, status, seeded.Pid, seeded.BundleDirectory, Now);

        var report = await _host.RestartAsync();

        report.ShouldBe(new ContainerRestoreReport(1, 0, 0));
        Json(_host.Manager.Get(seeded.Id)).ShouldBe(Json(seeded));
    }

    [Fact]
    public async Task RestoreAsync_RuntimeCannotBeAsked_KeepsTheRecordedState()
    {
        var seeded = _host.Seed(ContainerState.Running);
        _host.Runtime.StateFailure = new OciRuntimeException("runc state: exit status 1");

        var report = await _host.RestartAsync();

        report.ShouldBe(new ContainerRestoreReport(1, 0, 0));
        Json(_host.Manager.Get(seeded.Id)).ShouldBe(Json(seeded));
    }

    [Fact]
    public async Task RestoreAsync_ExitedContainer_KeptAsIs_RuntimeNotAsked()
    {
        var seeded = _host.Seed(ContainerState.Exited);
        _host.Runtime.Exit(seeded.Id, 99);

        var report = await _host.RestartAsync();

        report.ShouldBe(new ContainerRestoreReport(1, 0, 0));
        Json(_host.Manager.Get(seeded.Id)).ShouldBe(Json(seeded));
        _host.TakeCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task RestoreAsync_SandboxGone_ContainerCleanedUp_OthersKept()
    {
        var orphan = _host.Seed(ContainerState.Running, sandboxId: SandboxIds.New());
        _host.CreateFiles(orphan);
        var kept = _host.Seed(ContainerState.Exited, name: "kept");
        _host.CreateFiles(kept);

        var report = await _host.RestartAsync();

        report.ShouldBe(new ContainerRestoreReport(1, 0, 1));
        _host.TakeCalls().ShouldBe([$"delete {orphan.Id} force"]);
        _host.Store.Get(orphan.Id).ShouldBeNull();
        _host.OnDisk(orphan.Id).ShouldBeNull();
        Directory.Exists(_host.Store.StateDirectory(orphan.Id)).ShouldBeFalse();
        Directory.Exists(_host.Paths.ContainerStorage(orphan.Id)).ShouldBeFalse();
        Directory.Exists(Path.GetDirectoryName(orphan.BundleDirectory)).ShouldBeFalse();
        _host.Manager.List().Select(c => c.Id).ShouldBe([kept.Id]);
        Directory.Exists(kept.RootfsPath).ShouldBeTrue();
        Directory.Exists(kept.BundleDirectory).ShouldBeTrue();
    }

    [Fact]
    public async Task RestoreAsync_StillCreating_CleanedUp_RuntimeContainerDeleted()
    {
        var creating = _host.Seed(ContainerState.Creating);
        _host.CreateFiles(creating);

        var report = await _host.RestartAsync();

        report.ShouldBe(new ContainerRestoreReport(0, 0, 1));
        _host.TakeCalls().ShouldBe([$"delete {creating.Id} force"]);
        _host.Runtimes.Handlers.ShouldContain("runc");
        _host.Store.List().ShouldBeEmpty();
        Directory.Exists(_host.Store.StateDirectory(creating.Id)).ShouldBeFalse();
        Directory.Exists(_host.Paths.ContainerStorage(creating.Id)).ShouldBeFalse();
        Directory.Exists(Path.GetDirectoryName(creating.BundleDirectory)).ShouldBeFalse();
        Should.Throw<ContainerException>(() => _host.Manager.Get(creating.Id)).Kind.ShouldBe(ContainerErrorKind.NotFound);
    }

    [Fact]
    public async Task RestoreAsync_StillCreating_NameIsFreeAfterwards()
    {
        _host.Seed(ContainerState.Creating, name: "app");
        _host.AddImage();

        await _host.RestartAsync();
        var error = await Should.ThrowAsync<ContainerException>(() => _host.Manager.CreateAsync(_host.Sandbox.Id, ContainerManagerTests.Config("app"), null));

        error.Kind.ShouldBe(ContainerErrorKind.Failed, "the create gets past the name check (and fails mounting an image without layers)");
    }

    [Fact]
    public async Task RestoreAsync_BrokenStateDirectory_CleanedUpWithTheDefaultHandler()
    {
        var id = SandboxIds.New();
        var store = new ContainerStore(_host.Paths.Root);
        Directory.CreateDirectory(store.StateDirectory(id));
        File.WriteAllText(store.StatePath(id), "{ truncated");
        Directory.CreateDirectory(Path.Combine(_host.Paths.ContainerStorage(id), "upper"));
        Directory.CreateDirectory(_host.Paths.ContainerBundle(id));

        var report = await _host.RestartAsync();

        report.ShouldBe(new ContainerRestoreReport(0, 0, 1));
        _host.TakeCalls().ShouldBe([$"delete {id} force"]);
        _host.Runtimes.Handlers.ShouldBe([_host.Config.Current.Runtime.ResolveHandlerName(null)]);
        Directory.Exists(store.StateDirectory(id)).ShouldBeFalse();
        Directory.Exists(_host.Paths.ContainerStorage(id)).ShouldBeFalse();
        Directory.Exists(Path.GetDirectoryName(_host.Paths.ContainerBundle(id))).ShouldBeFalse();
    }

    [Fact]
    public async Task RestoreAsync_KeepsNames_ACreateWithTheSameNameIsAlreadyExists()
    {
        var seeded = _host.Seed(ContainerState.Exited, name: "app");
        _host.AddImage();

        await _host.RestartAsync();
        var error = await Should.ThrowAsync<ContainerException>(() => _host.Manager.CreateAsync(_host.Sandbox.Id, ContainerManagerTests.Config("app"), null));

        error.Kind.ShouldBe(ContainerErrorKind.AlreadyExists);
        error.Message.ShouldContain(seeded.Id);
        error.Message.ShouldContain(seeded.Name);
        _host.TakeCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task RestoreAsync_Mixed_CountsEachOutcome_OldestFirst()
    {
        var running = _host.Seed(ContainerState.Running, name: "a", createdAt: 3);
        var exitedMeanwhile = _host.Seed(ContainerState.Running, name: "b", createdAt: 1);
        _host.Runtime.Exit(exitedMeanwhile.Id, 0);
        var exited = _host.Seed(ContainerState.Exited, name: "c", createdAt: 2);
        _host.Seed(ContainerState.Creating, name: "d");
        _host.Seed(ContainerState.Running, name: "e", sandboxId: SandboxIds.New());

        var report = await _host.RestartAsync();

        report.ShouldBe(new ContainerRestoreReport(3, 1, 2));
        _host.Manager.List().Select(c => c.Id).ShouldBe([exitedMeanwhile.Id, exited.Id, running.Id]);
        _host.Manager.Get(exitedMeanwhile.Id).Reason.ShouldBe("Completed");
        _host.Manager.Get(running.Id).State.ShouldBe(ContainerState.Running);
    }

    [Fact]
    public async Task RestoreAsync_AContainersHandlerIsNoLongerConfigured_OthersStillRestored()
    {
        var orphanHandler = _host.Seed(ContainerState.Running, name: "a") with { OciHandler = "gone" };
        new ContainerStore(_host.Paths.Root).Save(orphanHandler);
        var other = _host.Seed(ContainerState.Running, name: "b");
        _host.Runtime.Exit(other.Id, 0);
        _host.Runtimes.Unusable.Add("gone");

        var report = await _host.RestartAsync();

        report.Restored.ShouldBe(2);
        _host.Manager.Get(orphanHandler.Id).State.ShouldBe(ContainerState.Running, "it keeps its recorded state, as when runc cannot be asked");
        _host.Manager.Get(other.Id).State.ShouldBe(ContainerState.Exited);
    }
}

using Crisp.Core.Sandboxes;
using Crisp.Core.State;
using Crisp.Network.Namespaces;
using Runtime.V1;
using Shouldly;

namespace Crisp.Unit.Tests.Core;

public sealed class SandboxManagerTests : IDisposable
{
    private readonly SandboxManagerHost _host = new();

    public void Dispose() => _host.Dispose();

    private static PodSandboxConfig SharedPid(PodSandboxConfig config)
    {
        config.Linux.SecurityContext = new LinuxSandboxSecurityContext { NamespaceOptions = new NamespaceOption { Pid = NamespaceMode.Pod } };
        return config;
    }

    [Fact]
    public async Task RunAsync_Pod_PinsWritesFilesMountsShmAttachesAndPersistsReady()
    {
        var config = SandboxPlannerTests.Config(c =>
        {
            c.Hostname = "web-0";
            c.Linux.Sysctls["net.ipv4.ip_forward"] = "1";
            c.PortMappings.Add(new PortMapping { ContainerPort = 80, HostPort = 8080 });
            c.PortMappings.Add(new PortMapping { ContainerPort = 81 });
        });

        var id = await _host.Manager.RunAsync(config, null);

        _host.TakeCalls().ShouldBe(["pin All", "mount shm", "cni add"]);
        var pin = _host.Namespaces.LastRequest!;
        pin.Name.ShouldBe(id);
        pin.Hostname.ShouldBe("web-0");
        pin.Sysctls.ShouldBe([new KeyValuePair<string, string>("net.ipv4.ip_forward", "1")]);
        var cni = _host.Network.SetUps.ShouldHaveSingleItem();
        (cni.SandboxId, cni.PodName, cni.PodNamespace, cni.PodUid).ShouldBe((id, "nginx-sandbox", "default", config.Metadata.Uid));
        cni.PortMappings.ShouldBe([new Crisp.Network.PortMapping(8080, 80, "tcp", "")], "only mappings with a host port go to CNI");

        var sandbox = _host.Manager.Get(id);
        sandbox.State.ShouldBe(SandboxState.Ready);
        sandbox.PodIps.ShouldBe(["10.0.0.5", "fd00::5"]);
        sandbox.InfraContainerId.ShouldBeNull();
        sandbox.NetworkNamespacePath.ShouldNotBeNull();
        File.ReadAllText(sandbox.HostnamePath!).ShouldBe("web-0\n");
        File.ReadAllText(sandbox.HostsPath!).ShouldContain("10.0.0.5\tweb-0");
        File.Exists(sandbox.ResolvConfPath).ShouldBeTrue();
        sandbox.ShmPath.ShouldBe(_host.Paths.Shm(id));
        new SandboxStore(_host.Paths.Root).Load().Records.ShouldHaveSingleItem().State.ShouldBe(SandboxState.Ready);
    }

    [Fact]
    public async Task RunAsync_HostNetworkAndIpc_NoNetnsNoCniNoShm()
    {
        var config = SandboxPlannerTests.Config(c => c.Linux.SecurityContext = new LinuxSandboxSecurityContext
        {
            NamespaceOptions = new NamespaceOption { Network = NamespaceMode.Node, Ipc = NamespaceMode.Node, Pid = NamespaceMode.Container },
        });

        var id = await _host.Manager.RunAsync(config, null);

        _host.TakeCalls().ShouldBe(["pin Uts"]);
        var sandbox = _host.Manager.Get(id);
        sandbox.NetworkNamespacePath.ShouldBeNull();
        sandbox.ShmPath.ShouldBe("/dev/shm");
        sandbox.PodIps.ShouldBeEmpty();

        await _host.Manager.RemoveAsync(id, CancellationToken.None);
        _host.TakeCalls().ShouldBe(["stop containers", "remove containers", "unpin"], "no CNI and no shm for a host pod");
    }

    [Fact]
    public async Task RunAsync_SharedPid_StartsInfraAfterTheNetwork()
    {
        var id = await _host.Manager.RunAsync(SharedPid(SandboxPlannerTests.Config()), null);

        _host.TakeCalls().ShouldBe(["pin All", "mount shm", "cni add", "start infra"]);
        var sandbox = _host.Manager.Get(id);
        (sandbox.InfraContainerId, sandbox.InfraPid, sandbox.InfraImageId).ShouldBe((id, 4242, "pauseid"));
        sandbox.PidNamespacePath.ShouldBe("/proc/4242/ns/pid");
        _host.Manager.IsImageInUse("pauseid").ShouldBeTrue();
        _host.Manager.IsImageInUse("other").ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_NetworkFails_UndoesEarlierStepsInReverse_ReleasesTheName()
    {
        _host.Network.SetUpFailure = new IOException("plugin bridge failed");
        var config = SandboxPlannerTests.Config();

        var error = await Should.ThrowAsync<SandboxException>(() => _host.Manager.RunAsync(config, null));

        error.Kind.ShouldBe(SandboxErrorKind.Failed);
        error.Message.ShouldStartWith("failed to create pod network sandbox k8s_nginx-sandbox_default_");
        error.Message.ShouldEndWith(": plugin bridge failed");
        _host.TakeCalls().ShouldBe(["pin All", "mount shm", "cni add", "unmount shm", "unpin"]);
        _host.Store.List().ShouldBeEmpty();
        Directory.Exists(_host.Paths.UserdataRoot).ShouldBeTrue();
        Directory.GetDirectories(_host.Paths.UserdataRoot).ShouldBeEmpty();
        Directory.GetDirectories(_host.Store.Directory).ShouldBeEmpty();

        _host.Network.SetUpFailure = null;
        var id = await _host.Manager.RunAsync(config, null);
        _host.Manager.Get(id).State.ShouldBe(SandboxState.Ready);
    }

    [Fact]
    public async Task RunAsync_InfraFails_NetworkAndEverythingBeforeUndone()
    {
        _host.Infra.StartFailure = SandboxException.Failed("failed to start the infra container: boom");

        var error = await Should.ThrowAsync<SandboxException>(() => _host.Manager.RunAsync(SharedPid(SandboxPlannerTests.Config()), null));

        error.Message.ShouldBe("failed to start the infra container: boom");
        _host.TakeCalls().ShouldBe(["pin All", "mount shm", "cni add", "start infra", "remove infra", "cni del", "unmount shm", "unpin"]);
        _host.Store.List().ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_BadSysctl_InvalidArgumentAndNothingLeft()
    {
        _host.Namespaces.PinFailure = new ArgumentException("sysctl \"kernel.panic\" is not namespaced");

        var error = await Should.ThrowAsync<SandboxException>(() => _host.Manager.RunAsync(SandboxPlannerTests.Config(), null));

        error.Kind.ShouldBe(SandboxErrorKind.InvalidArgument);
        error.Message.ShouldContain("kernel.panic");
        _host.TakeCalls().ShouldBe(["pin All"]);
        _host.Store.List().ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_SameNameAfterFinished_ReturnsTheSameIdWithoutWork()
    {
        var config = SandboxPlannerTests.Config();
        var first = await _host.Manager.RunAsync(config, null);
        _host.TakeCalls();

        var second = await _host.Manager.RunAsync(config, null);

        second.ShouldBe(first);
        _host.TakeCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task StopAsync_StopsContainersInfraNetworkShm_ThenIsANoOp()
    {
        var id = await _host.Manager.RunAsync(SharedPid(SandboxPlannerTests.Config()), null);
        _host.TakeCalls();

        await _host.Manager.StopAsync(id, CancellationToken.None);
        await _host.Manager.StopAsync(id[..8], CancellationToken.None);

        _host.TakeCalls().ShouldBe(["stop containers", "stop infra", "cni del", "unmount shm"]);
        var sandbox = _host.Manager.Get(id);
        (sandbox.State, sandbox.Stopped, sandbox.InfraPid).ShouldBe((SandboxState.NotReady, true, 0));
        sandbox.PodIps.ShouldBeEmpty();
    }

    [Fact]
    public async Task StopAsync_NetworkTearDownFails_ErrorAndStillReadySoTheKubeletRetries()
    {
        var id = await _host.Manager.RunAsync(SandboxPlannerTests.Config(), null);
        _host.Network.TearDownFailure = new IOException("bridge DEL failed");

        var error = await Should.ThrowAsync<SandboxException>(() => _host.Manager.StopAsync(id, CancellationToken.None));

        error.Message.ShouldContain("failed to destroy the network of pod sandbox");
        error.Message.ShouldContain("bridge DEL failed");
        _host.Manager.Get(id).State.ShouldBe(SandboxState.Ready);
        _host.Network.TearDownFailure = null;
        await _host.Manager.StopAsync(id, CancellationToken.None);
        _host.Manager.Get(id).State.ShouldBe(SandboxState.NotReady);
    }

    [Fact]
    public async Task RemoveAsync_StopsFirst_RemovesContainersBeforeNamespaces_ReleasesName_Repeatable()
    {
        var config = SharedPid(SandboxPlannerTests.Config());
        var id = await _host.Manager.RunAsync(config, null);
        _host.TakeCalls();

        await _host.Manager.RemoveAsync(id, CancellationToken.None);
        await _host.Manager.RemoveAsync(id, CancellationToken.None);

        _host.TakeCalls().ShouldBe(
            ["stop containers", "stop infra", "cni del", "unmount shm", "remove containers", "remove infra", "unpin", "unmount shm"]);
        Should.Throw<SandboxException>(() => _host.Manager.Get(id)).Kind.ShouldBe(SandboxErrorKind.NotFound);
        _host.Manager.List().ShouldBeEmpty();
        Directory.Exists(_host.Paths.UserdataDirectory(id)).ShouldBeFalse();
        _host.Names.HolderOf($"k8s_nginx-sandbox_default_{config.Metadata.Uid}_1").ShouldBeNull();
    }

    [Fact]
    public async Task StopAndRemove_UnknownId_Succeed_EmptyId_Invalid()
    {
        await _host.Manager.StopAsync(new string('e', 64), CancellationToken.None);
        await _host.Manager.RemoveAsync("eeee", CancellationToken.None);

        (await Should.ThrowAsync<SandboxException>(() => _host.Manager.StopAsync("", CancellationToken.None))).Kind.ShouldBe(SandboxErrorKind.InvalidArgument);
        _host.TakeCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task Get_AmbiguousPrefix_Ambiguous()
    {
        var ids = new List<string>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add(await _host.Manager.RunAsync(SandboxPlannerTests.Config(c => c.Metadata.Name = $"pod{i}"), null));
        }

        // 40 random ids: some two share their first hex digit.
        var shared = ids.GroupBy(id => id[0]).First(g => g.Count() > 1).Key.ToString();

        Should.Throw<SandboxException>(() => _host.Manager.Get(shared)).Kind.ShouldBe(SandboxErrorKind.Ambiguous);
        _host.Manager.List(new SandboxFilter { Id = shared }).ShouldBeEmpty();
    }

    [Fact]
    public async Task OnContainerExited_InfraOfReadyPod_MarksNotReady_OtherIdsIgnored()
    {
        var id = await _host.Manager.RunAsync(SharedPid(SandboxPlannerTests.Config()), null);

        await _host.Manager.OnContainerExitedAsync("someothercontainer");
        _host.Manager.Get(id).State.ShouldBe(SandboxState.Ready);
        await _host.Manager.OnContainerExitedAsync(id);

        var sandbox = _host.Manager.Get(id);
        (sandbox.State, sandbox.InfraPid, sandbox.Stopped).ShouldBe((SandboxState.NotReady, 0, false));
    }

    [Fact]
    public async Task RestoreAsync_ReadyPods_KeepNames_NetnsGoneOrInfraDead_NotReady()
    {
        var healthy = await _host.Manager.RunAsync(SandboxPlannerTests.Config(c => c.Metadata.Name = "healthy"), null);
        var netnsGone = await _host.Manager.RunAsync(SandboxPlannerTests.Config(c => c.Metadata.Name = "netns-gone"), null);
        var infraDead = await _host.Manager.RunAsync(SharedPid(SandboxPlannerTests.Config(c => c.Metadata.Name = "infra-dead")), null);
        _host.Namespaces.Pinned.Remove(_host.Manager.Get(netnsGone).NetworkNamespacePath!);
        _host.Infra.Running = false;
        _host.TakeCalls();

        var manager = _host.Restart();
        var report = await manager.RestoreAsync(CancellationToken.None);

        report.ShouldBe(new SandboxRestoreReport(3, 2, 0));
        manager.Get(healthy).State.ShouldBe(SandboxState.Ready);
        manager.Get(netnsGone).State.ShouldBe(SandboxState.NotReady);
        manager.Get(infraDead).State.ShouldBe(SandboxState.NotReady);
        (await manager.RunAsync(SandboxPlannerTests.Config(c => c.Metadata.Name = "healthy"), null)).ShouldBe(healthy);
        _host.TakeCalls().ShouldBeEmpty();
    }

    [Fact]
    public async Task RestoreAsync_HalfCreatedLeftovers_CleanedUp()
    {
        var creating = await _host.Manager.RunAsync(SharedPid(SandboxPlannerTests.Config()), null);
        _host.Store.Save(_host.Store.Get(creating)! with { State = SandboxState.Creating });
        var noState = new string('1', 64);
        Directory.CreateDirectory(_host.Store.StateDirectory(noState));
        var filesOnly = new string('2', 64);
        Directory.CreateDirectory(_host.Paths.UserdataDirectory(filesOnly));
        _host.TakeCalls();

        var manager = _host.Restart();
        var report = await manager.RestoreAsync(CancellationToken.None);

        report.ShouldBe(new SandboxRestoreReport(0, 0, 3));
        manager.List().ShouldBeEmpty();
        var calls = _host.TakeCalls();
        calls.Count(c => c == "remove infra").ShouldBe(1, "only the sandbox that got an infra container");
        calls.Count(c => c == "cni del").ShouldBe(3);
        calls.Count(c => c == "unpin").ShouldBe(3);
        calls.Count(c => c == "unmount shm").ShouldBe(3);
        Directory.GetDirectories(_host.Store.Directory).ShouldBeEmpty();
        Directory.GetDirectories(_host.Paths.UserdataRoot).ShouldBeEmpty();
        _host.Namespaces.Pinned.ShouldBeEmpty();

        (await manager.RunAsync(SharedPid(SandboxPlannerTests.Config()), null)).ShouldNotBe(creating, "the name was never restored");
    }

    [Fact]
    public async Task NameReserved_WhileFirstCreateInFlight()
    {
        var gate = new TaskCompletionSource();
        var slowNamespaces = new BlockingNamespaces(_host.Namespaces, gate.Task);
        var manager = new SandboxManager(
            _host.Config, _host.Store, _host.Names, _host.Paths, slowNamespaces, _host.Network, _host.Shm, _host.Infra, [],
            TimeProvider.System, _host.PodEvents, Microsoft.Extensions.Logging.Abstractions.NullLogger<SandboxManager>.Instance);
        var config = SandboxPlannerTests.Config();

        var first = manager.RunAsync(config, null);
        await slowNamespaces.Entered.Task;
        var error = await Should.ThrowAsync<NameReservedException>(() => manager.RunAsync(config, null));
        gate.SetResult();
        var id = await first;

        error.HolderId.ShouldBe(id);
        error.Message.ShouldBe($"name \"k8s_nginx-sandbox_default_{config.Metadata.Uid}_1\" is reserved for \"{id}\"");
        manager.List(new SandboxFilter()).ShouldHaveSingleItem();
        (await manager.RunAsync(config, null)).ShouldBe(id);
    }

    private sealed class BlockingNamespaces(IPodNamespaces inner, Task gate) : IPodNamespaces
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public async Task<PinnedNamespaces> PinAsync(NamespacePinRequest request, CancellationToken cancellationToken)
        {
            Entered.TrySetResult();
            await gate;
            return await inner.PinAsync(request, cancellationToken);
        }

        public void Remove(string name) => inner.Remove(name);

        public bool IsPinned(string path) => inner.IsPinned(path);

        public void RemovePin(string path) => inner.RemovePin(path);
    }
}

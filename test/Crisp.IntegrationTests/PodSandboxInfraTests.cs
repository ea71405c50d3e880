using Crisp.IntegrationTests.Harness;
using Crisp.IntegrationTests.Harness.Pods;
using Crisp.IntegrationTests.Harness.Registry;
using Grpc.Core;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>
/// Pods that need an infra (pause) container: a shared PID namespace, or <c>drop_infra_ctr = false</c>. The pause image
/// is the test pause image pushed to the test registry and named by <c>pause_image</c>; conmon and runc are real.
/// </summary>
public sealed class PodSandboxInfraTests(SharedRegistries registries)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(PodTestHost Host, string PauseImage)> StartAsync(string extraRuntimeToml = "", bool pushPause = true)
    {
        var registry = await registries.AnonymousAsync(Ct);
        var repository = RepositoryNames.Unique("pause");
        var pause = pushPause ? (await registry.PushAsync(TestImages.Pause, repository, "3.10", Ct)).Reference : registry.Reference(repository, "3.10");
        var host = await PodTestHost.StartAsync(files =>
        {
            File.WriteAllText(files.RegistriesConf, $"""
                [[registry]]
                location = "{registry.Host}"
                insecure = true
                """);
            File.WriteAllText(Path.Combine(files.ConfigDir, "50-pause.conf"), $"""
                [crio.image]
                pause_image = "{pause}"

                [crio.runtime]
                {extraRuntimeToml}
                """);
        });
        return (host, pause);
    }

    [Fact]
    public async Task RunPodSandbox_SharedPidNamespace_RunsPauseContainerInThePodsNamespaces_RemovedWithThePod()
    {
        var started = await StartAsync();
        await using var host = started.Host;
        var pauseImage = started.PauseImage;
        var config = PodConfigs.Seed(host.LogRoot, "shared-pid").WithNamespaces(pid: NamespaceMode.Pod);
        config.Linux.CgroupParent = host.CgroupParent;

        var id = await host.RunAsync(config);

        var status = await host.StatusAsync(id);
        status.State.ShouldBe(PodSandboxState.SandboxReady);
        status.Linux.Namespaces.Options.Pid.ShouldBe(NamespaceMode.Pod);
        var info = await host.InfoAsync(id);
        var pid = info.GetProperty("pid").GetInt32();
        pid.ShouldBeGreaterThan(0);
        info.GetProperty("image").GetString().ShouldBe(pauseImage);
        info.GetProperty("runtimeSpec").GetProperty("process").GetProperty("args")[0].GetString().ShouldBe("/pause");
        File.ReadAllText($"/proc/{pid}/cmdline").ShouldContain("/pause");
        Inode($"/proc/{pid}/ns/net").ShouldBe(Inode(host.PinPath("netns", id)));
        Inode($"/proc/{pid}/ns/ipc").ShouldBe(Inode(host.PinPath("ipcns", id)));
        Inode($"/proc/{pid}/ns/uts").ShouldBe(Inode(host.PinPath("utsns", id)));
        Inode($"/proc/{pid}/ns/pid").ShouldNotBe(Inode("/proc/self/ns/pid"));
        File.ReadAllText($"/proc/{pid}/cgroup").ShouldContain($"{host.CgroupParent}/crisp-{id}", customMessage: "the infra container runs below the pod's cgroup parent");
        RuncState(host, id).ShouldContain("\"status\": \"running\"");
        var overlay = Path.Combine(host.Files.Root, "overlay-containers", id, "merged");
        PodLeftovers.Mounts(host.Files.Directory).ShouldContain(overlay);
        File.Exists(Path.Combine(config.LogDirectory, id + ".log")).ShouldBeTrue("conmon writes the infra log into the pod's log directory");

        var inUse = await Should.ThrowAsync<RpcException>(() => host.Daemon.Images.RemoveImageAsync(
            new RemoveImageRequest { Image = new ImageSpec { Image = pauseImage } }, cancellationToken: Ct).ResponseAsync);
        inUse.StatusCode.ShouldBe(StatusCode.FailedPrecondition);

        await host.StopAsync(id);

        (await host.StatusAsync(id)).State.ShouldBe(PodSandboxState.SandboxNotready);
        Directory.Exists($"/proc/{pid}").ShouldBeFalse("the pause process is gone after StopPodSandbox");
        RuncState(host, id).ShouldContain("\"status\": \"stopped\"");

        await host.RemoveAsync(id);

        HostCommand.TryRun("runc", "--root", host.Files.RuncRoot, "state", id).ExitCode.ShouldNotBe(0);
        Directory.Exists(Path.Combine(host.Files.Root, "overlay-containers", id)).ShouldBeFalse();
        TestCgroups.Directories(host.CgroupParent).ShouldNotContain(d => d.EndsWith("/crisp-" + id, StringComparison.Ordinal), "runc removes the container's cgroups");
        File.Exists(Path.Combine(config.LogDirectory, id + ".log")).ShouldBeFalse();
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task RunPodSandbox_DropInfraCtrFalse_InfraEvenWithoutSharedPid_SurvivesDaemonKill_ExitMakesPodNotReady()
    {
        await using var host = (await StartAsync("drop_infra_ctr = false")).Host;

        var config = PodConfigs.Seed(host.LogRoot);
        config.Linux.CgroupParent = host.CgroupParent;
        var id = await host.RunAsync(config);
        var pid = (await host.InfoAsync(id)).GetProperty("pid").GetInt32();
        pid.ShouldBeGreaterThan(0);

        await host.RestartAsync(kill: true);

        (await host.StatusAsync(id)).State.ShouldBe(PodSandboxState.SandboxReady);
        (await host.InfoAsync(id)).GetProperty("pid").GetInt32().ShouldBe(pid);

        // The pause process was started for this test's pod; it is ended by its pid.
        Crisp.Linux.Processes.Signal(pid, Crisp.Linux.Processes.SigKill).ShouldBeTrue();
        await Eventually.TrueAsync(
            () => host.StatusAsync(id).GetAwaiter().GetResult().State == PodSandboxState.SandboxNotready,
            "the exit monitor marks the pod not ready when its infra container dies");

        await host.StopAsync(id);
        await host.RemoveAsync(id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task RunPodSandbox_PauseImageMissing_FailsClearlyAndLeavesNothing()
    {
        var started = await StartAsync(pushPause: false);
        await using var host = started.Host;
        var pauseImage = started.PauseImage;

        var error = await Should.ThrowAsync<RpcException>(() => host.RunAsync(PodConfigs.Seed(host.LogRoot).WithNamespaces(pid: NamespaceMode.Pod)));

        error.StatusCode.ShouldBe(StatusCode.Unknown);
        error.Status.Detail.ShouldContain($"failed to get the pause image \"{pauseImage}\"");
        (await host.ListAsync()).ShouldBeEmpty();
        host.ShouldHaveNoLeftovers();
    }

    private static string Inode(string path) => HostCommand.Run("stat", "-L", "-c", "%i", path).Trim();

    private static string RuncState(PodTestHost host, string id) => HostCommand.Run("runc", "--root", host.Files.RuncRoot, "state", id);
}

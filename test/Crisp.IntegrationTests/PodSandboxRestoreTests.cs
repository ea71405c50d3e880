using System.Text.Json.Nodes;
using Crisp.IntegrationTests.Harness.Pods;
using Crisp.Linux;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>A daemon killed with pods on the node: the next one reloads them, reconciles them and cleans up half-created ones.</summary>
public sealed class PodSandboxRestoreTests
{
    [Fact]
    public async Task DaemonKilled_PodStillListedReadyAndStoppable()
    {
        await using var host = await PodTestHost.StartAsync();
        var config = PodConfigs.Seed(host.LogRoot);
        var id = await host.RunAsync(config);
        var ip = (await host.StatusAsync(id)).Network.Ip;

        await host.RestartAsync(kill: true);

        var listed = (await host.ListAsync()).ShouldHaveSingleItem();
        listed.Id.ShouldBe(id);
        listed.State.ShouldBe(PodSandboxState.SandboxReady);
        var status = await host.StatusAsync(id);
        status.Network.Ip.ShouldBe(ip);
        (await host.RunAsync(config)).ShouldBe(id, "the name is reserved again for the restored sandbox");

        await host.StopAsync(id);
        (await host.StatusAsync(id)).State.ShouldBe(PodSandboxState.SandboxNotready);
        host.Network.ReservedAddresses().ShouldBeEmpty();
        await host.RemoveAsync(id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task DaemonKilled_NetnsGoneMeanwhile_PodNotReadyAndRemovable()
    {
        await using var host = await PodTestHost.StartAsync();
        var id = await host.RunAsync(PodConfigs.Seed(host.LogRoot));
        await host.Daemon.StopAsync();

        var netns = host.PinPath("netns", id);
        MountCalls.Unmount(netns).ShouldBeTrue();
        await host.RestartAsync(kill: false);

        (await host.StatusAsync(id)).State.ShouldBe(PodSandboxState.SandboxNotready);
        await host.StopAsync(id);
        await host.RemoveAsync(id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task Restart_HalfCreatedLeftovers_CleanedUp()
    {
        await using var host = await PodTestHost.StartAsync();
        var id = await host.RunAsync(PodConfigs.Seed(host.LogRoot));
        host.Network.ReservedAddresses().ShouldHaveSingleItem();
        await host.Daemon.StopAsync();

        // As if the daemon had died in the middle of RunPodSandbox: the state still says "creating".
        var statePath = Path.Combine(host.Files.Root, "sandboxes", id, "state.json");
        var state = JsonNode.Parse(File.ReadAllText(statePath))!.AsObject();
        state["state"] = "Creating";
        File.WriteAllText(statePath, state.ToJsonString());

        // And leftovers of creates that got less far: a state directory without a state file, pod files without state.
        var noState = new string('b', 64);
        Directory.CreateDirectory(Path.Combine(host.Files.Root, "sandboxes", noState));
        var filesOnly = new string('c', 64);
        Directory.CreateDirectory(Path.Combine(host.Files.RunRoot, "sandboxes", filesOnly));
        File.WriteAllText(Path.Combine(host.Files.RunRoot, "sandboxes", filesOnly, "hostname"), "x\n");

        await host.RestartAsync(kill: false);

        (await host.ListAsync()).ShouldBeEmpty();
        host.Daemon.Output.ShouldContain($"Cleaning up half-created pod sandbox {id}");
        host.ShouldHaveNoLeftovers();
    }
}

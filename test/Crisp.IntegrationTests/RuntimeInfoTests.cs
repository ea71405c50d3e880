using Crisp.IntegrationTests.Harness;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>Version, Status, RuntimeConfig and UpdateRuntimeConfig against a real daemon.</summary>
public sealed class RuntimeInfoTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Version_ReturnsCrispAndApiV1()
    {
        await using var daemon = await CrispDaemon.StartAsync();

        var version = await daemon.Runtime.VersionAsync(new VersionRequest { Version = "v1" }, cancellationToken: Ct);

        version.RuntimeName.ShouldBe("crisp");
        version.RuntimeApiVersion.ShouldBe("v1");
        version.Version.ShouldBe("0.1.0");
        version.RuntimeVersion.ShouldMatch(@"^\d+\.\d+\.\d+");
    }

    [Fact]
    public async Task Status_WithoutCniConfig_NetworkNotReadyWithReason()
    {
        await using var daemon = await CrispDaemon.StartAsync();

        var status = await daemon.Runtime.StatusAsync(new StatusRequest(), cancellationToken: Ct);

        var runtime = status.Status.Conditions.Single(c => c.Type == "RuntimeReady");
        runtime.Status.ShouldBeTrue();
        var network = status.Status.Conditions.Single(c => c.Type == "NetworkReady");
        network.Status.ShouldBeFalse();
        network.Reason.ShouldBe("NetworkPluginNotReady");
        network.Message.ShouldContain(daemon.Files.CniConfigDir);
        status.Info.ShouldBeEmpty();
    }

    [Fact]
    public async Task Status_CniConfigAppears_NetworkBecomesReady()
    {
        await using var daemon = await CrispDaemon.StartAsync();
        var before = await daemon.Runtime.StatusAsync(new StatusRequest(), cancellationToken: Ct);
        before.Status.Conditions.Single(c => c.Type == "NetworkReady").Status.ShouldBeFalse();

        // An invalid file alone does not make the network ready; a valid list after it in lexical order does.
        await File.WriteAllTextAsync(Path.Combine(daemon.Files.CniConfigDir, "05-broken.conflist"), "{ not json", Ct);
        var broken = await daemon.Runtime.StatusAsync(new StatusRequest(), cancellationToken: Ct);
        var brokenCondition = broken.Status.Conditions.Single(c => c.Type == "NetworkReady");
        brokenCondition.Status.ShouldBeFalse();
        brokenCondition.Message.ShouldContain("05-broken.conflist");

        await File.WriteAllTextAsync(Path.Combine(daemon.Files.CniConfigDir, "10-test.conflist"), """
            { "cniVersion": "1.0.0", "name": "crisp-test", "plugins": [ { "type": "bridge" }, { "type": "portmap", "capabilities": { "portMappings": true } } ] }
            """, Ct);
        var after = await daemon.Runtime.StatusAsync(new StatusRequest(), cancellationToken: Ct);

        var network = after.Status.Conditions.Single(c => c.Type == "NetworkReady");
        network.Status.ShouldBeTrue();
        network.Reason.ShouldBeEmpty();
    }

    [Fact]
    public async Task Status_Verbose_InfoHasConfigJsonAndHandlers()
    {
        await using var daemon = await CrispDaemon.StartAsync();

        var status = await daemon.Runtime.StatusAsync(new StatusRequest { Verbose = true }, cancellationToken: Ct);

        status.Info.ShouldContainKey("config");
        using var json = System.Text.Json.JsonDocument.Parse(status.Info["config"]);
        json.RootElement.ToString().ShouldContain(daemon.Files.CniConfigDir);
        json.RootElement.ToString().ShouldContain("cgroupfs");
        status.RuntimeHandlers.Select(h => h.Name).ShouldContain("runc");
    }

    [Fact]
    public async Task RuntimeConfig_CgroupfsFromConfigFile()
    {
        await using var daemon = await CrispDaemon.StartAsync();

        var config = await daemon.Runtime.RuntimeConfigAsync(new RuntimeConfigRequest(), cancellationToken: Ct);

        config.Linux.CgroupDriver.ShouldBe(CgroupDriver.Cgroupfs);
    }

    [Fact]
    public async Task RuntimeConfig_SystemdFromFlag_FlagBeatsFile()
    {
        await using var daemon = await CrispDaemon.StartAsync(extraArgs: ["--cgroup-manager", "systemd"]);

        var config = await daemon.Runtime.RuntimeConfigAsync(new RuntimeConfigRequest(), cancellationToken: Ct);

        config.Linux.CgroupDriver.ShouldBe(CgroupDriver.Systemd);
    }

    [Fact]
    public async Task UpdateRuntimeConfig_PodCidr_AcceptedAndLogged()
    {
        await using var daemon = await CrispDaemon.StartAsync();

        await daemon.Runtime.UpdateRuntimeConfigAsync(new UpdateRuntimeConfigRequest
        {
            RuntimeConfig = new Runtime.V1.RuntimeConfig { NetworkConfig = new NetworkConfig { PodCidr = "10.88.0.0/16" } },
        }, cancellationToken: Ct);

        await Eventually.TrueAsync(() => daemon.Output.Contains("10.88.0.0/16", StringComparison.Ordinal), daemon.Output);
    }
}

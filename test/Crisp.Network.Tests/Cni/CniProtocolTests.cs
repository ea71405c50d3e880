using System.Text.Json.Nodes;
using Crisp.Network.Cni;
using Crisp.Network.Tests.Support;
using Shouldly;

namespace Crisp.Network.Tests.Cni;

/// <summary>What plugins receive and how failures are handled, observed through recording fake plugins (and the real bridge).</summary>
public sealed class CniProtocolTests : IAsyncLifetime
{
    private static readonly JsonObject _firstResult = JsonNode.Parse("""
        {"cniVersion":"1.0.0","interfaces":[{"name":"eth0","sandbox":"/x"}],"ips":[{"address":"10.99.0.5/24","gateway":"10.99.0.1","interface":0}],"dns":{}}
        """)!.AsObject();

    private static readonly JsonObject _secondResult = JsonNode.Parse("""
        {"cniVersion":"1.0.0","interfaces":[{"name":"eth0","sandbox":"/x"}],"ips":[{"address":"10.99.0.5/24","gateway":"10.99.0.1","interface":0},{"address":"fd00::5/64","interface":0}],"dns":{"nameservers":["10.99.0.1"]}}
        """)!.AsObject();

    private readonly TestNetwork _net = new();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _net.DisposeAsync();

    [Fact]
    public async Task SetUpAsync_EnvironmentArgsAndChaining_AsTheSpecSays()
    {
        FakePlugin.WriteRecorder(_net, "first", _firstResult);
        FakePlugin.WriteRecorder(_net, "second", _secondResult);
        _net.WriteConfigList("10-fake.conflist", "1.0.0",
            new JsonObject { ["type"] = "first", ["custom"] = new JsonObject { ["keep"] = "me" } },
            new JsonObject { ["type"] = "second", ["capabilities"] = new JsonObject { ["portMappings"] = true, ["bandwidth"] = false } });
        var network = _net.CreateNetwork();
        var pod = await _net.NewPodAsync("web-0") with
        {
            PortMappings = [new PortMapping(8080, 80, "TCP", "127.0.0.1")],
            Bandwidth = new BandwidthLimits(1000, 2000, 3000, 4000),
        };

        var status = await network.SetUpAsync(pod, Token);

        var calls = FakePlugin.Calls(_net).Where(c => c.Command != "VERSION").ToList();
        calls.Select(c => $"{c.Type} {c.Command}").ShouldBe(["first ADD", "second ADD"]);
        foreach (var call in calls)
        {
            call.Env["CNI_COMMAND"].ShouldBe("ADD");
            call.Env["CNI_CONTAINERID"].ShouldBe(pod.SandboxId);
            call.Env["CNI_NETNS"].ShouldBe(pod.NetnsPath);
            call.Env["CNI_IFNAME"].ShouldBe("eth0");
            call.Env["CNI_PATH"].ShouldBe($"{_net.FakePluginDir}:{TestNetwork.RealPlugins}");
            call.Env["CNI_ARGS"].ShouldBe($"IgnoreUnknown=1;K8S_POD_NAMESPACE=crisp-tests;K8S_POD_NAME=web-0;K8S_POD_INFRA_CONTAINER_ID={pod.SandboxId};K8S_POD_UID={pod.PodUid}");
            call.Env.ShouldContainKey("PATH"); // the daemon's environment is passed through
            call.Stdin["name"]!.GetValue<string>().ShouldBe(_net.NetworkName);
            call.Stdin["cniVersion"]!.GetValue<string>().ShouldBe("1.0.0");
        }

        var first = calls[0].Stdin;
        first.ContainsKey("prevResult").ShouldBeFalse();
        first.ContainsKey("runtimeConfig").ShouldBeFalse("the first plugin declares no capabilities");
        first["custom"]!["keep"]!.GetValue<string>().ShouldBe("me");

        var second = calls[1].Stdin;
        JsonNode.DeepEquals(second["prevResult"], _firstResult).ShouldBeTrue();
        var runtimeConfig = second["runtimeConfig"].ShouldBeOfType<JsonObject>();
        runtimeConfig.Select(p => p.Key).ShouldBe(["portMappings"], "bandwidth is declared false");
        JsonNode.DeepEquals(runtimeConfig["portMappings"], JsonNode.Parse("""[{"hostPort":8080,"containerPort":80,"protocol":"tcp","hostIP":"127.0.0.1"}]""")).ShouldBeTrue();

        status.Ips.Count.ShouldBe(2);
        status.IPv6!.ToString().ShouldBe("fd00::5");
        status.Dns.Nameservers.ShouldBe(["10.99.0.1"]);
    }

    [Fact]
    public async Task TearDownAndCheck_UseCachedResultAndArgs_DelInReverseOrder()
    {
        FakePlugin.WriteRecorder(_net, "first", _firstResult);
        FakePlugin.WriteRecorder(_net, "second", _secondResult);
        _net.WriteConfigList("10-fake.conflist", "1.0.0", new JsonObject { ["type"] = "first" }, new JsonObject { ["type"] = "second", ["capabilities"] = new JsonObject { ["portMappings"] = true } });
        var pod = await _net.NewPodAsync("web-1") with { PortMappings = [new PortMapping(8081, 81)] };
        await _net.CreateNetwork().SetUpAsync(pod, Token);
        var cacheFile = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(_net.CacheDir, "results", $"{_net.NetworkName}-{pod.SandboxId}-eth0"), Token))!;

        // A restarted daemon that no longer knows the pod's port mappings or name still sends what the ADD used.
        var restarted = _net.CreateNetwork();
        var bare = pod with { PodName = "forgotten", PortMappings = [] };
        await restarted.CheckAsync(bare, Token);
        await restarted.TearDownAsync(bare, Token);

        var calls = FakePlugin.Calls(_net).Where(c => c.Command is "DEL" or "CHECK").ToList();
        calls.Select(c => $"{c.Type} {c.Command}").ShouldBe(["first CHECK", "second CHECK", "second DEL", "first DEL"]);
        foreach (var call in calls)
        {
            JsonNode.DeepEquals(call.Stdin["prevResult"], _secondResult).ShouldBeTrue($"{call.Type} {call.Command} gets the final ADD result");
            call.Env["CNI_ARGS"].ShouldContain("K8S_POD_NAME=web-1;");
        }

        calls.Single(c => c is { Type: "second", Command: "DEL" }).Stdin["runtimeConfig"]!["portMappings"]![0]!["hostPort"]!.GetValue<int>().ShouldBe(8081);
        cacheFile["kind"]!.GetValue<string>().ShouldBe("cniCacheV1");
        cacheFile["containerId"]!.GetValue<string>().ShouldBe(pod.SandboxId);
        JsonNode.Parse(Convert.FromBase64String(cacheFile["config"]!.GetValue<string>()))!["name"]!.GetValue<string>().ShouldBe(_net.NetworkName);
        File.Exists(Path.Combine(_net.CacheDir, "results", $"{_net.NetworkName}-{pod.SandboxId}-eth0")).ShouldBeFalse();
    }

    [Fact]
    public async Task SetUpAsync_PluginPrintsCniError_ClearErrorAndAddUndone()
    {
        FakePlugin.WriteFailing(_net, "failer", 7, "bad config", "fake failure details");
        _net.WriteConfigList("10-bridge.conflist", "1.0.0", _net.BridgePlugin(), new JsonObject { ["type"] = "failer" });
        var network = _net.CreateNetwork();
        var pod = await _net.NewPodAsync();

        var error = await Should.ThrowAsync<CniPluginException>(() => network.SetUpAsync(pod, Token));

        error.PluginType.ShouldBe("failer");
        error.Command.ShouldBe("ADD");
        error.Code.ShouldBe(7);
        error.Details.ShouldBe("fake failure details");
        error.Stderr.ShouldBe("fake stderr line");
        error.Message.ShouldBe($"CNI plugin \"failer\" in network \"{_net.NetworkName}\" failed on ADD: bad config: fake failure details (CNI error code 7)");
        FakePlugin.Calls(_net).Where(c => c.Command != "VERSION").Select(c => c.Command).ShouldBe(["ADD", "DEL"]);
        _net.BridgePorts().ShouldBeEmpty();
        _net.ReservedAddresses().ShouldBeEmpty();
        Shell.TryRun("nsenter", $"--net={pod.NetnsPath}", "--", "ip", "link", "show", "eth0").ExitCode.ShouldNotBe(0);
        File.Exists(network.CachePathFor(_net.NetworkName, pod.SandboxId)).ShouldBeFalse();
        (await network.StatusAsync(pod, Token)).ShouldBeNull();
    }

    [Fact]
    public async Task SetUpAsync_PluginHangs_KilledAfterTimeout()
    {
        FakePlugin.WriteHanging(_net, "hanger");
        _net.WriteConfigList("10-fake.conflist", "1.0.0", new JsonObject { ["type"] = "hanger" });
        var network = _net.CreateNetwork(pluginTimeout: TimeSpan.FromSeconds(1));
        var pod = await _net.NewPodAsync();

        var error = await Should.ThrowAsync<CniPluginException>(() => network.SetUpAsync(pod, Token));

        error.Message.ShouldContain("timed out after 1s");
        var pid = int.Parse((await File.ReadAllTextAsync(Path.Combine(_net.LogDir, "hung.pid"), Token)).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        (await Shell.EventuallyAsync(() => !Directory.Exists($"/proc/{pid}"), TimeSpan.FromSeconds(5))).ShouldBeTrue("the plugin is killed");
        FakePlugin.Calls(_net).Select(c => c.Command).ShouldContain("DEL");
    }

    [Fact]
    public async Task Readiness_UnknownPluginType_NotReadyWithReasonAndSetUpRefused()
    {
        _net.WriteConfigList("10-bogus.conflist", "1.0.0", new JsonObject { ["type"] = "no-such-plugin" });
        var network = _net.CreateNetwork();
        var pod = await _net.NewPodAsync();

        var readiness = await network.GetReadinessAsync(Token);
        var error = await Should.ThrowAsync<NetworkNotReadyException>(() => network.SetUpAsync(pod, Token));

        readiness.Ready.ShouldBeFalse();
        readiness.Reason.ShouldBe("NetworkPluginNotReady");
        readiness.Message.ShouldNotBeNull().ShouldContain("plugin \"no-such-plugin\" not found");
        error.Message.ShouldContain("no-such-plugin");
    }

    [Fact]
    public async Task Readiness_ConfigAppearsLater_BecomesReady()
    {
        var network = _net.CreateNetwork();
        (await network.GetReadinessAsync(Token)).Ready.ShouldBeFalse();

        _net.WriteConfigList("10-bridge.conflist", "1.0.0", _net.BridgePlugin());

        var readiness = await network.GetReadinessAsync(Token);
        readiness.Ready.ShouldBeTrue();
        readiness.NetworkName.ShouldBe(_net.NetworkName);
    }

    [Fact]
    public async Task Readiness_VersionUnsupportedByPlugin_NextConfigUsed()
    {
        var tooNew = _net.BridgePlugin();
        _net.WriteConfig("05-too-new.conflist", new JsonObject { ["cniVersion"] = "1.1.0", ["name"] = "too-new", ["plugins"] = new JsonArray(tooNew) });
        _net.WriteConfigList("10-bridge.conflist", "1.0.0", _net.BridgePlugin());

        var readiness = await _net.CreateNetwork().GetReadinessAsync(Token);

        readiness.NetworkName.ShouldBe(_net.NetworkName, "bridge 1.1.1 supports up to 1.0.0");
    }

    [Fact]
    public async Task Readiness_DefaultNetworkByName_PicksThatConfig()
    {
        FakePlugin.WriteRecorder(_net, "first", _firstResult);
        _net.WriteConfig("05-other.conflist", new JsonObject { ["cniVersion"] = "1.0.0", ["name"] = "other", ["plugins"] = new JsonArray(new JsonObject { ["type"] = "first" }) });
        _net.WriteConfigList("10-bridge.conflist", "1.0.0", _net.BridgePlugin());

        var byDefault = await _net.CreateNetwork().GetReadinessAsync(Token);
        var named = await new CniNetwork(_net.Options() with { DefaultNetwork = _net.NetworkName }).GetReadinessAsync(Token);
        var missing = await new CniNetwork(_net.Options() with { DefaultNetwork = "absent" }).GetReadinessAsync(Token);

        byDefault.NetworkName.ShouldBe("other");
        named.NetworkName.ShouldBe(_net.NetworkName);
        missing.Ready.ShouldBeFalse();
        missing.Message.ShouldNotBeNull().ShouldContain("\"absent\"");
    }

    [Fact]
    public async Task TearDownAsync_NeverAttachedAndNoConfig_NoOp()
    {
        var pod = await _net.NewPodAsync();

        await _net.CreateNetwork().TearDownAsync(pod, Token);

        FakePlugin.Calls(_net).ShouldBeEmpty();
    }

    [Fact]
    public async Task TearDownAsync_DelFailsWhileNetnsExists_ThrowsAndKeepsCacheForRetry()
    {
        FakePlugin.WriteRecorder(_net, "first", _firstResult);
        _net.WriteConfigList("10-fake.conflist", "1.0.0", new JsonObject { ["type"] = "first" });
        var network = _net.CreateNetwork();
        var pod = await _net.NewPodAsync();
        await network.SetUpAsync(pod, Token);
        File.WriteAllText(Path.Combine(_net.FakePluginDir, "first"), "#!/bin/sh\nprintf '{\"code\":11,\"msg\":\"try again later\"}'\nexit 1\n");

        var error = await Should.ThrowAsync<CniPluginException>(() => network.TearDownAsync(pod, Token));

        error.Code.ShouldBe(11);
        File.Exists(network.CachePathFor(_net.NetworkName, pod.SandboxId)).ShouldBeTrue();

        _net.Pinner.Remove(pod.SandboxId);
        await network.TearDownAsync(pod, Token); // with the namespace gone, DEL is best effort
        File.Exists(network.CachePathFor(_net.NetworkName, pod.SandboxId)).ShouldBeFalse();
    }

    [Theory]
    [InlineData("bad id", "eth0", "sandbox id")]
    [InlineData("ok", "eth0/x", "interface name")]
    [InlineData("ok", "averyveryverylongname", "interface name")]
    public async Task SetUpAsync_InvalidIdentifiers_Rejected(string id, string ifname, string message)
    {
        var request = new PodNetworkRequest(id, "p", "n", "u", "/proc/self/ns/net") { InterfaceName = ifname };

        (await Should.ThrowAsync<ArgumentException>(() => _net.CreateNetwork().SetUpAsync(request, Token))).Message.ShouldContain(message);
    }
}

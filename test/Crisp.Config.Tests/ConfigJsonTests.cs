using System.Text.Json;
using Shouldly;
using Xunit;

namespace Crisp.Config.Tests;

public sealed class ConfigJsonTests
{
    [Fact]
    public void Serialize_Defaults_UsesCrioKeyNames()
    {
        var json = ConfigJson.Serialize(CrispDefaults.Create(false));

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        root.GetProperty("root").GetProperty("runroot").GetString().ShouldBe("/run/crisp");
        root.GetProperty("root").GetProperty("storage_option").GetArrayLength().ShouldBe(0);
        root.GetProperty("api").GetProperty("listen").GetString().ShouldBe("/run/crisp/crisp.sock");
        root.GetProperty("api").GetProperty("grpc_max_send_msg_size").GetInt32().ShouldBe(83886080);
        var runtime = root.GetProperty("runtime");
        runtime.GetProperty("cgroup_manager").GetString().ShouldBe("cgroupfs");
        runtime.GetProperty("default_capabilities")[0].GetString().ShouldBe("CHOWN");
        runtime.GetProperty("runtimes").GetProperty("runc").GetProperty("runtime_root").GetString().ShouldBe("/run/runc");
        root.GetProperty("image").GetProperty("pull_progress_timeout").GetString().ShouldBe("0s");
        root.GetProperty("nri").GetProperty("enable_nri").GetBoolean().ShouldBeFalse();
        root.GetProperty("nri").GetProperty("nri_plugin_registration_timeout").GetString().ShouldBe("5s");
        root.GetProperty("registries_conf").GetString().ShouldBe("/etc/containers/registries.conf");
        json.ShouldNotContain("\n");
    }

    [Fact]
    public void Serialize_HandlerMaps_AreJsonObjects()
    {
        var defaults = CrispDefaults.Create(false);
        var runc = defaults.Runtime.Runtimes["runc"] with { PlatformRuntimePaths = ValueMap.Create(("linux/amd64", "/usr/bin/runc")) };
        var config = defaults with { Runtime = defaults.Runtime with { Runtimes = defaults.Runtime.Runtimes.SetItem("runc", runc) } };

        using var document = JsonDocument.Parse(ConfigJson.Serialize(config, indented: true));

        document.RootElement.GetProperty("runtime").GetProperty("runtimes").GetProperty("runc")
            .GetProperty("platform_runtime_paths").GetProperty("linux/amd64").GetString().ShouldBe("/usr/bin/runc");
    }

    [Fact]
    public void Serialize_Indented_IsMultiLine()
    {
        ConfigJson.Serialize(CrispDefaults.Create(false), indented: true).Split('\n').Length.ShouldBeGreaterThan(100);
    }
}

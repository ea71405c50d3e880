using Shouldly;
using Xunit;

namespace Crisp.Config.Tests;

public sealed class ConfigReloadTests
{
    private static readonly CrispConfig _running = CrispDefaults.Create(false);

    [Fact]
    public void Diff_SameConfig_ChangesNothing()
    {
        var result = ConfigReload.Diff(_running, CrispDefaults.Create(false));

        result.HasChanges.ShouldBeFalse();
        result.IgnoredKeys.ShouldBeEmpty();
        result.Config.ShouldBe(_running);
    }

    [Fact]
    public void Diff_ReloadableKeys_AreTakenFromNewConfig()
    {
        var fresh = Loaders.Load("[crio.runtime]\nlog_level = \"debug\"\nlog_filter = \"^request\"\n[crio.image]\npause_image = \"example.com/pause:1\"\npinned_images = [\"example.com/*\"]\n");

        var result = ConfigReload.Diff(_running, fresh);

        result.ChangedKeys.ShouldBe(["crio.runtime.log_level", "crio.runtime.log_filter", "crio.image.pause_image", "crio.image.pinned_images"]);
        result.Config.Runtime.LogLevel.ShouldBe("debug");
        result.Config.Image.PauseImage.ShouldBe("example.com/pause:1");
        result.Config.ShouldBe(fresh);
    }

    [Fact]
    public void Diff_NonReloadableKey_KeepsRunningValueAndReportsIt()
    {
        var fresh = Loaders.Load("[crio.api]\nlisten = \"/run/other.sock\"\n[crio.runtime]\nlog_level = \"warn\"\n");

        var result = ConfigReload.Diff(_running, fresh);

        result.ChangedKeys.ShouldBe(["crio.runtime.log_level"]);
        result.IgnoredKeys.ShouldBe(["crio.api.listen"]);
        result.Config.Api.Listen.ShouldBe("/run/crisp/crisp.sock");
        result.Config.Runtime.LogLevel.ShouldBe("warn");
    }

    [Fact]
    public void Diff_HandlerAddedAndDefaultChanged_ReloadsRuntimes()
    {
        var fresh = Loaders.Load("[crio.runtime]\ndefault_runtime = \"crun\"\n[crio.runtime.runtimes.crun]\nruntime_path = \"/usr/bin/crun\"\n");

        var result = ConfigReload.Diff(_running, fresh);

        result.ChangedKeys.ShouldBe(["crio.runtime.default_runtime", "crio.runtime.runtimes.crun"]);
        result.Config.Runtime.DefaultRuntime.ShouldBe("crun");
        result.Config.Runtime.Runtimes.Keys.ShouldBe(["crun", "runc"]);
    }

    [Fact]
    public void Diff_HandlerRemoved_IsReported()
    {
        var running = Loaders.Load("[crio.runtime.runtimes.crun]\nruntime_path = \"/usr/bin/crun\"\n");

        var result = ConfigReload.Diff(running, _running);

        result.ChangedKeys.ShouldBe(["crio.runtime.runtimes.crun"]);
        result.Config.Runtime.Runtimes.Keys.ShouldBe(["runc"]);
    }

    [Fact]
    public void Diff_RegistriesConfPath_IsReloaded()
    {
        var fresh = _running with { RegistriesConf = "/etc/crisp/registries.conf" };

        var result = ConfigReload.Diff(_running, fresh);

        result.ChangedKeys.ShouldBe([ConfigReload.RegistriesConfKey]);
        result.Config.RegistriesConf.ShouldBe("/etc/crisp/registries.conf");
    }

    [Fact]
    public void ReloadableKeys_CoverCrioSighupOptions()
    {
        ConfigReload.ReloadableKeys.ShouldContain("crio.runtime.log_level");
        ConfigReload.ReloadableKeys.ShouldContain("crio.image.pause_image_auth_file");
        ConfigReload.ReloadableKeys.ShouldContain("crio.runtime.seccomp_profile");
        ConfigReload.ReloadableKeys.ShouldContain("crio.runtime.runtimes");
        ConfigReload.ReloadableKeys.ShouldNotContain("crio.api.listen");
    }
}

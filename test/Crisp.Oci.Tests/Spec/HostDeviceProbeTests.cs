using Crisp.Oci.Spec;
using Crisp.Oci.Spec.Host;
using Crisp.Oci.Spec.Model;
using Shouldly;

namespace Crisp.Oci.Tests.Spec;

public sealed class HostDeviceProbeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("crisp-devices-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Find_DevNull_CharacterDevice1And3()
    {
        var lookup = HostDeviceProbe.Instance.Find("/dev/null")!;

        lookup.IsDirectory.ShouldBeFalse();
        lookup.Devices.Single().ShouldBe(new HostDevice("/dev/null", "c", 1, 3, lookup.Devices[0].FileMode, 0, 0));
        lookup.Devices[0].FileMode.ShouldBe(438u);
    }

    [Fact]
    public void Find_SymlinkToDevice_Followed()
    {
        var link = Path.Combine(_dir, "my-null");
        File.CreateSymbolicLink(link, "/dev/null");

        HostDeviceProbe.Instance.Find(link)!.Devices.Single().Path.ShouldBe("/dev/null");
    }

    [Fact]
    public void Find_RegularFileOrMissing_NoDevicesOrNull()
    {
        var file = Path.Combine(_dir, "plain");
        File.WriteAllText(file, "x");

        HostDeviceProbe.Instance.Find(file)!.Devices.ShouldBeEmpty();
        HostDeviceProbe.Instance.Find(Path.Combine(_dir, "missing")).ShouldBeNull();
    }

    [Fact]
    public void ListHostDevices_RealDev_HasNullAndNothingFromPts()
    {
        var devices = HostDeviceProbe.Instance.ListHostDevices();

        devices.ShouldContain(d => d.Path == "/dev/null" && d.Major == 1 && d.Minor == 3);
        devices.ShouldNotContain(d => d.Path.StartsWith("/dev/pts/", StringComparison.Ordinal));
        devices.ShouldNotContain(d => d.Path == "/dev/console");
    }

    [Fact]
    public void PublicBuilder_CriDeviceOnRealHost_UsesRealProbe()
    {
        using var host = new SpecTestHost();
        var config = SpecTestHost.BasicContainer(""", "devices": [{ "container_path": "/dev/mynull", "host_path": "/dev/null", "permissions": "rw" }]""");

        var spec = new ContainerSpecBuilder(host.Config, host.Facts).Build(host.Input(config));

        spec.Linux!.Devices!.Single().ShouldBe(new LinuxDevice { Path = "/dev/mynull", Type = "c", Major = 1, Minor = 3, FileMode = 438, Uid = 0, Gid = 0 });
    }
}

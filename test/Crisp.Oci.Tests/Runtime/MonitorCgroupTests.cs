using Crisp.Linux;
using Crisp.Oci.Tests.Runtime.Support;
using Shouldly;

namespace Crisp.Oci.Tests.Runtime;

/// <summary>conmon is moved into the configured monitor cgroup before it runs runc (the start pipe holds it).</summary>
public sealed class MonitorCgroupTests : IAsyncLifetime
{
    private readonly string _cgroup = TestCgroupParent.Path + "/conmon-" + Guid.NewGuid().ToString("N")[..8];
    private readonly RuntimeTestHost _host;

    public MonitorCgroupTests()
    {
        _host = new RuntimeTestHost(options => options with { MonitorCgroup = _cgroup });
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        CgroupCleanup.Remove(_cgroup);
    }

    [Fact]
    public async Task Create_PlacesConmonInTheMonitorCgroupAndTheContainerInItsOwn()
    {
        var id = RuntimeTestHost.NewId();
        var created = await _host.RunAsync(id, ["sleep", "1000"]);

        var conmonCgroups = File.ReadAllLines($"/proc/{created.MonitorPid}/cgroup");
        conmonCgroups.ShouldContain(line => line.Contains(":memory:", StringComparison.Ordinal) && line.EndsWith(":" + _cgroup, StringComparison.Ordinal));
        conmonCgroups.ShouldContain(line => line.Contains(":pids:", StringComparison.Ordinal) && line.EndsWith(":" + _cgroup, StringComparison.Ordinal));
        File.ReadAllLines($"/proc/{created.Pid}/cgroup")
            .ShouldContain(line => line.Contains(":memory:", StringComparison.Ordinal) && line.EndsWith(":" + BusyboxBundle.CgroupsPath(id), StringComparison.Ordinal));

        await _host.Runtime.DeleteAsync(id, force: true, TestContext.Current.CancellationToken);
        using var conmon = PidFd.TryOpen(created.MonitorPid);
        (conmon?.WaitForExit(TimeSpan.FromSeconds(10)) ?? true).ShouldBeTrue();
    }
}

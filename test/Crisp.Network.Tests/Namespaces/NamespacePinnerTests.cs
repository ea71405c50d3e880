using Crisp.Linux;
using Crisp.Network.Namespaces;
using Crisp.Network.Tests.Support;
using Shouldly;

namespace Crisp.Network.Tests.Namespaces;

public sealed class NamespacePinnerTests : IDisposable
{
    private readonly string _root;
    private readonly NamespacePinner _pinner;

    public NamespacePinnerTests()
    {
        Assert.SkipUnless(Environment.IsPrivilegedProcess, "needs root to create namespaces");
        _root = Path.Combine(Path.GetTempPath(), "crisp-network-tests", "pin-" + Guid.NewGuid().ToString("N")[..8]);
        _pinner = new NamespacePinner(Path.Combine(_root, "ns"));
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        foreach (var mountPoint in MountTable.MountPointsUnder(_root).OrderByDescending(p => p.Length))
        {
            MountCalls.Unmount(mountPoint);
        }

        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task PinAsync_AllKinds_PinsNewNamespacesInPinnsLayout()
    {
        var pins = await _pinner.PinAsync(new NamespacePinRequest("pod1", PodNamespaceKinds.All), Token);

        pins.NetworkPath.ShouldBe(Path.Combine(_root, "ns", "netns", "pod1"));
        pins.IpcPath.ShouldBe(Path.Combine(_root, "ns", "ipcns", "pod1"));
        pins.UtsPath.ShouldBe(Path.Combine(_root, "ns", "utsns", "pod1"));
        foreach (var (path, kind) in new[] { (pins.NetworkPath, "net"), (pins.IpcPath, "ipc"), (pins.UtsPath, "uts") })
        {
            NamespacePinner.IsPinned(path!).ShouldBeTrue();
            var pinnedInode = FileSystemCalls.LStat(path!).Inode;
            var hostInode = ulong.Parse(File.ResolveLinkTarget($"/proc/self/ns/{kind}", false)!.FullName.Split('[', ']')[1], System.Globalization.CultureInfo.InvariantCulture);
            pinnedInode.ShouldNotBe(hostInode, $"{kind} must be a new namespace");
        }

        // The pins are usable: the new network namespace has only a loopback interface.
        Shell.InNetns(pins.NetworkPath!, "ip", "-o", "link").Trim().Split('\n').ShouldHaveSingleItem().ShouldContain("lo:");
    }

    [Fact]
    public async Task PinAsync_HostnameAndSysctls_SetInsideOnly()
    {
        var hostHostname = File.ReadAllText("/proc/sys/kernel/hostname").Trim();
        var hostPortStart = File.ReadAllText("/proc/sys/net/ipv4/ip_unprivileged_port_start").Trim();
        var request = new NamespacePinRequest("pod2", PodNamespaceKinds.All)
        {
            Hostname = "crisp-pod-host",
            Sysctls =
            [
                new("net.ipv4.ip_unprivileged_port_start", "0"),
                new("net.ipv4.ping_group_range", "0 2147483647"),
                new("kernel.shmmni", "1234"),
            ],
        };

        var pins = await _pinner.PinAsync(request, Token);

        Shell.Run("nsenter", $"--uts={pins.UtsPath}", "hostname").Trim().ShouldBe("crisp-pod-host");
        Shell.InNetns(pins.NetworkPath!, "cat", "/proc/sys/net/ipv4/ip_unprivileged_port_start").Trim().ShouldBe("0");
        Shell.InNetns(pins.NetworkPath!, "cat", "/proc/sys/net/ipv4/ping_group_range").Trim().ShouldBe("0\t2147483647");
        Shell.Run("nsenter", $"--ipc={pins.IpcPath}", "cat", "/proc/sys/kernel/shmmni").Trim().ShouldBe("1234");
        File.ReadAllText("/proc/sys/kernel/hostname").Trim().ShouldBe(hostHostname);
        File.ReadAllText("/proc/sys/net/ipv4/ip_unprivileged_port_start").Trim().ShouldBe(hostPortStart);
    }

    [Fact]
    public async Task PinAsync_NetworkOnly_CreatesOnlyNetns()
    {
        var pins = await _pinner.PinAsync(new NamespacePinRequest("pod3", PodNamespaceKinds.Network), Token);

        pins.IpcPath.ShouldBeNull();
        pins.UtsPath.ShouldBeNull();
        pins.Paths.ShouldHaveSingleItem().ShouldBe(pins.NetworkPath);
        File.Exists(_pinner.PathFor(PodNamespaceKinds.Ipc, "pod3")).ShouldBeFalse();
    }

    [Fact]
    public async Task PinAsync_NamespacesDirBecomesPrivateBindMount()
    {
        await _pinner.PinAsync(new NamespacePinRequest("pod4", PodNamespaceKinds.Network), Token);

        var line = File.ReadLines("/proc/self/mountinfo").Single(l => l.Split(' ')[4] == _pinner.NamespacesDir);
        line.ShouldNotContain("shared:");
        line.ShouldNotContain("master:");
    }

    [Fact]
    public async Task PinAsync_SameNameTwice_RefusedAndFirstPinKept()
    {
        var pins = await _pinner.PinAsync(new NamespacePinRequest("pod5", PodNamespaceKinds.Network), Token);
        var inode = FileSystemCalls.LStat(pins.NetworkPath!).Inode;

        var error = await Should.ThrowAsync<IOException>(() => _pinner.PinAsync(new NamespacePinRequest("pod5", PodNamespaceKinds.Network), Token));

        error.Message.ShouldContain("already a pinned namespace");
        NamespacePinner.IsPinned(pins.NetworkPath!).ShouldBeTrue();
        FileSystemCalls.LStat(pins.NetworkPath!).Inode.ShouldBe(inode);
    }

    [Fact]
    public async Task PinAsync_FailingSysctl_ClearErrorAndNothingLeft()
    {
        var request = new NamespacePinRequest("pod6", PodNamespaceKinds.Network | PodNamespaceKinds.Uts)
        {
            Sysctls = [new("net.ipv4.no_such_sysctl", "1")],
        };

        var error = await Should.ThrowAsync<IOException>(() => _pinner.PinAsync(request, Token));

        error.Message.ShouldContain("/proc/sys/net/ipv4/no_such_sysctl");
        File.Exists(_pinner.PathFor(PodNamespaceKinds.Network, "pod6")).ShouldBeFalse();
        File.Exists(_pinner.PathFor(PodNamespaceKinds.Uts, "pod6")).ShouldBeFalse();
        MountTable.MountPointsUnder(_pinner.NamespacesDir).ShouldBe([_pinner.NamespacesDir]);
    }

    [Theory]
    [InlineData("net.ipv4.ip_forward", PodNamespaceKinds.Ipc, "needs a new Network namespace")]
    [InlineData("kernel.shmmax", PodNamespaceKinds.Network, "needs a new Ipc namespace")]
    [InlineData("vm.swappiness", PodNamespaceKinds.All, "not namespaced")]
    [InlineData("net/../../etc", PodNamespaceKinds.All, "invalid sysctl name")]
    public async Task PinAsync_SysctlOutsideThePodsNamespaces_Rejected(string key, PodNamespaceKinds kinds, string message)
    {
        var request = new NamespacePinRequest("pod7", kinds) { Sysctls = [new(key, "1")] };

        var error = await Should.ThrowAsync<ArgumentException>(() => _pinner.PinAsync(request, Token));

        error.Message.ShouldContain(message);
        Directory.Exists(_pinner.NamespacesDir).ShouldBeFalse("nothing is touched before the request is validated");
    }

    [Fact]
    public async Task PinAsync_HostnameWithoutUts_Rejected() =>
        (await Should.ThrowAsync<ArgumentException>(() => _pinner.PinAsync(new NamespacePinRequest("pod8", PodNamespaceKinds.Network) { Hostname = "x" }, Token)))
            .Message.ShouldContain("Uts");

    [Fact]
    public async Task Remove_PinnedThenAgain_Idempotent()
    {
        var pins = await _pinner.PinAsync(new NamespacePinRequest("pod9", PodNamespaceKinds.All), Token);

        _pinner.Remove(pins);
        _pinner.Remove(pins);
        _pinner.Remove("pod9");

        foreach (var path in pins.Paths)
        {
            File.Exists(path).ShouldBeFalse();
            NamespacePinner.IsPinned(path).ShouldBeFalse();
        }
    }

    [Fact]
    public async Task Remove_HalfCreated_RemovesPlaceholdersAndMounts()
    {
        // A crash between creating the placeholder files and the helper finishing: one pinned, one bare file, one missing.
        var pins = await _pinner.PinAsync(new NamespacePinRequest("pod10", PodNamespaceKinds.Network), Token);
        var bare = _pinner.PathFor(PodNamespaceKinds.Uts, "pod10");
        await File.WriteAllTextAsync(bare, "", Token);

        _pinner.Remove("pod10");

        File.Exists(pins.NetworkPath).ShouldBeFalse();
        File.Exists(bare).ShouldBeFalse();
        NamespacePinner.RemovePin(bare).ShouldBeFalse();
    }

    [Fact]
    public async Task PinAsync_LeftoverPlaceholder_Reused()
    {
        Directory.CreateDirectory(Path.Combine(_pinner.NamespacesDir, "netns"));
        var path = _pinner.PathFor(PodNamespaceKinds.Network, "pod11");
        await File.WriteAllTextAsync(path, "", Token);

        var pins = await _pinner.PinAsync(new NamespacePinRequest("pod11", PodNamespaceKinds.Network), Token);

        NamespacePinner.IsPinned(pins.NetworkPath!).ShouldBeTrue();
    }

    [Fact]
    public void IsPinned_OrdinaryFileOrMissing_False()
    {
        Directory.CreateDirectory(_root);
        var file = Path.Combine(_root, "plain");
        File.WriteAllText(file, "");

        NamespacePinner.IsPinned(file).ShouldBeFalse();
        NamespacePinner.IsPinned(Path.Combine(_root, "missing")).ShouldBeFalse();
        NamespacePinner.IsPinned("/proc/self/ns/net").ShouldBeTrue();
    }
}

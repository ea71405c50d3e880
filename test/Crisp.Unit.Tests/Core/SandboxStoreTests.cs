using System.Text.Json;
using Crisp.Core.Sandboxes;
using Crisp.Core.State;
using Shouldly;

namespace Crisp.Unit.Tests.Core;

public sealed class SandboxStoreTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("crisp-unit-");

    public void Dispose() => _dir.Delete(recursive: true);

    internal static Sandbox Sample(string? id = null, SandboxState state = SandboxState.Ready) => new()
    {
        Id = id ?? SandboxIds.New(),
        Name = "k8s_web_default_uid-1_1",
        Metadata = new SandboxMetadata("web", "uid-1", "default", 1),
        Labels = new Dictionary<string, string> { ["app"] = "web" },
        Annotations = new Dictionary<string, string> { ["note"] = "x" },
        CreatedAt = 1_700_000_000_123_456_789,
        State = state,
        RuntimeHandler = "",
        OciHandler = "runc",
        LogDirectory = "/var/log/pods/default_web_uid-1",
        Hostname = "web",
        Dns = new SandboxDnsConfig(["10.96.0.10"], ["svc.cluster.local"], ["ndots:5"]),
        PortMappings = [new SandboxPortMapping("tcp", 80, 8080, "")],
        NamespaceOptions = new SandboxNamespaceOptions { Pid = SandboxNamespaceMode.Pod },
        NetworkNamespacePath = "/run/crisp/ns/netns/x",
        PodIps = ["10.88.0.5", "fd00::5"],
        CgroupParent = "/kubepods/besteffort",
        InfraContainerId = "abc",
        InfraPid = 42,
        Config = [1, 2, 3],
    };

    [Fact]
    public void Save_ThenLoadInANewStore_RoundTripsEveryField()
    {
        var store = new SandboxStore(_dir.FullName);
        var sandbox = Sample();
        store.Save(sandbox);

        var reopened = new SandboxStore(_dir.FullName);
        var load = reopened.Load();

        load.Broken.ShouldBeEmpty();
        var loaded = load.Records.ShouldHaveSingleItem();
        Json(loaded).ShouldBe(Json(sandbox));
        loaded.Labels["app"].ShouldBe("web");
        loaded.Dns!.Options.ShouldBe(["ndots:5"]);
        loaded.Config.ShouldBe([1, 2, 3]);
        loaded.PidNamespacePath.ShouldBe("/proc/42/ns/pid");
        reopened.Get(sandbox.Id).ShouldNotBeNull();
        var json = File.ReadAllText(reopened.StatePath(sandbox.Id));
        json.ShouldContain("\"state\": \"Ready\"");
        json.ShouldContain("\"pid\": \"Pod\"");
        json.ShouldNotContain("pidNamespacePath");
    }

    private static string Json(Sandbox sandbox) => JsonSerializer.Serialize(sandbox, StateJsonContext.Default.Sandbox);

    [Fact]
    public void Load_UnreadableStateOrMissingFile_ReportedAsBroken_OtherDirectoriesIgnored()
    {
        var store = new SandboxStore(_dir.FullName);
        var good = Sample();
        store.Save(good);
        var corrupt = SandboxIds.New();
        Directory.CreateDirectory(store.StateDirectory(corrupt));
        File.WriteAllText(store.StatePath(corrupt), "{ not json");
        var empty = SandboxIds.New();
        Directory.CreateDirectory(store.StateDirectory(empty));
        Directory.CreateDirectory(Path.Combine(store.Directory, "not-an-id"));

        var load = new SandboxStore(_dir.FullName).Load();

        load.Records.Select(s => s.Id).ShouldBe([good.Id]);
        load.Broken.Select(b => b.Id).Order().ShouldBe(new[] { corrupt, empty }.Order());
        load.Broken.ShouldAllBe(b => b.Reason.Contains(SandboxStore.StateFileName));
    }

    [Fact]
    public void Remove_DeletesTheStateDirectory_AndIsRepeatable()
    {
        var store = new SandboxStore(_dir.FullName);
        var sandbox = Sample();
        store.Save(sandbox);

        store.Remove(sandbox.Id);
        store.Remove(sandbox.Id);

        store.Get(sandbox.Id).ShouldBeNull();
        Directory.Exists(store.StateDirectory(sandbox.Id)).ShouldBeFalse();
        new SandboxStore(_dir.FullName).Load().Records.ShouldBeEmpty();
    }

    [Fact]
    public void FindByPrefix_And_List_OldestFirst()
    {
        var store = new SandboxStore(_dir.FullName);
        var older = Sample("aa" + new string('0', 62)) with { CreatedAt = 1 };
        var newer = Sample("ab" + new string('0', 62)) with { CreatedAt = 2 };
        store.Save(newer);
        store.Save(older);

        store.List().Select(s => s.Id).ShouldBe([older.Id, newer.Id]);
        store.FindByPrefix("a").Count.ShouldBe(2);
        store.FindByPrefix("ab").ShouldHaveSingleItem().Id.ShouldBe(newer.Id);
        store.FindByPrefix("").ShouldBeEmpty();
    }

    [Fact]
    public void StateDirectory_InvalidId_Throws()
    {
        var store = new SandboxStore(_dir.FullName);

        Should.Throw<ArgumentException>(() => store.StateDirectory("../../etc"));
        Should.Throw<ArgumentException>(() => store.StateDirectory("ABC"));
    }
}

using System.Text.Json;
using Crisp.Core.Containers;
using Crisp.Core.Sandboxes;
using Crisp.Core.State;
using Google.Protobuf;
using Runtime.V1;
using Shouldly;
using Container = Crisp.Core.Containers.Container;
using ContainerState = Crisp.Core.Containers.ContainerState;

namespace Crisp.Unit.Tests.Core;

public sealed class ContainerStoreTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("crisp-unit-");

    public void Dispose() => _dir.Delete(recursive: true);

    /// <summary>A CreateContainer config with a mount and resources, as the kubelet sends one.</summary>
    internal static ContainerConfig SampleConfig() => new()
    {
        Metadata = new ContainerMetadata { Name = "app", Attempt = 2 },
        Image = new ImageSpec { Image = "docker.io/library/busybox:1.36" },
        Command = { "sh" },
        Args = { "-c", "sleep 3600" },
        Mounts =
        {
            new Mount { ContainerPath = "/data", HostPath = "/var/lib/kubelet/pods/uid-1/volumes/data", Readonly = true },
            new Mount { ContainerPath = "/cache", HostPath = "/tmp/cache", Propagation = MountPropagation.PropagationHostToContainer },
        },
        Linux = new LinuxContainerConfig
        {
            Resources = new LinuxContainerResources { CpuShares = 512, CpuQuota = 50_000, CpuPeriod = 100_000, MemoryLimitInBytes = 64 << 20 },
        },
    };

    internal static Container Sample(string? id = null, ContainerState state = ContainerState.Running, string? sandboxId = null) => new()
    {
        Id = id ?? SandboxIds.New(),
        Name = "k8s_app_web_default_uid-1_2",
        SandboxId = sandboxId ?? "5a" + new string('0', 62),
        MetadataName = "app",
        Attempt = 2,
        Image = "busybox:1.36",
        ImageId = new string('b', 64),
        ImageName = "docker.io/library/busybox:1.36",
        ImageRef = "docker.io/library/busybox@sha256:" + new string('c', 64),
        Labels = new Dictionary<string, string> { ["io.kubernetes.container.name"] = "app" },
        Annotations = new Dictionary<string, string> { ["io.kubernetes.container.restartCount"] = "2" },
        State = state,
        CreatedAt = 1_700_000_000_000_000_001,
        StartedAt = state is ContainerState.Running or ContainerState.Exited ? 1_700_000_001_000_000_002 : 0,
        FinishedAt = state == ContainerState.Exited ? 1_700_000_002_000_000_003 : 0,
        ExitCode = state == ContainerState.Exited ? 137 : 0,
        Reason = state == ContainerState.Exited ? "Error" : "",
        Message = state == ContainerState.Exited ? "killed" : "",
        Pid = state is ContainerState.Created or ContainerState.Running ? 4242 : 0,
        LogPath = "/var/log/pods/default_web_uid-1/app/2.log",
        OciHandler = "runc",
        StopSignal = 3,
        BundleDirectory = "/run/crisp/overlay-containers/x/userdata",
        RootfsPath = "/var/lib/crisp/overlay-containers/x/merged",
        Tty = true,
        Stdin = true,
        StdinOnce = true,
        Privileged = true,
        Config = SampleConfig().ToByteArray(),
    };

    private static string Json(Container container) => JsonSerializer.Serialize(container, StateJsonContext.Default.Container);

    [Fact]
    public void Save_ThenLoadInANewStore_RoundTripsEveryField()
    {
        var store = new ContainerStore(_dir.FullName);
        var container = Sample(state: ContainerState.Exited);
        store.Save(container);

        var reopened = new ContainerStore(_dir.FullName);
        var load = reopened.Load();

        load.Broken.ShouldBeEmpty();
        var loaded = load.Records.ShouldHaveSingleItem();
        Json(loaded).ShouldBe(Json(container));
        (loaded.Id, loaded.Name, loaded.SandboxId, loaded.MetadataName, loaded.Attempt).ShouldBe((container.Id, container.Name, container.SandboxId, "app", 2u));
        (loaded.Image, loaded.ImageId, loaded.ImageName, loaded.ImageRef).ShouldBe((container.Image, container.ImageId, container.ImageName, container.ImageRef));
        loaded.Labels.ShouldBe(container.Labels);
        loaded.Annotations.ShouldBe(container.Annotations);
        (loaded.State, loaded.CreatedAt, loaded.StartedAt, loaded.FinishedAt).ShouldBe((ContainerState.Exited, container.CreatedAt, container.StartedAt, container.FinishedAt));
        (loaded.ExitCode, loaded.Reason, loaded.Message, loaded.Pid).ShouldBe((137, "Error", "killed", 0));
        (loaded.LogPath, loaded.OciHandler, loaded.StopSignal).ShouldBe((container.LogPath, "runc", 3));
        (loaded.BundleDirectory, loaded.RootfsPath).ShouldBe((container.BundleDirectory, container.RootfsPath));
        (loaded.Tty, loaded.Stdin, loaded.StdinOnce, loaded.Privileged).ShouldBe((true, true, true, true));
        loaded.Config.ShouldBe(container.Config);
        loaded.ReadConfig().ShouldBe(SampleConfig());
        reopened.Get(container.Id).ShouldNotBeNull();
    }

    [Fact]
    public void Save_WritesStateJsonUnderContainers_WithTheStateAsAString()
    {
        var store = new ContainerStore(_dir.FullName);
        var container = Sample(state: ContainerState.Created);

        store.Save(container);

        store.Directory.ShouldBe(Path.Combine(_dir.FullName, "containers"));
        store.StatePath(container.Id).ShouldBe(Path.Combine(_dir.FullName, "containers", container.Id, "state.json"));
        var json = File.ReadAllText(store.StatePath(container.Id));
        json.ShouldContain("\"state\": \"Created\"");
        json.ShouldContain("\"sandboxId\": ");
    }

    [Fact]
    public void Save_DerivedIsLive_NotWritten()
    {
        var store = new ContainerStore(_dir.FullName);
        var container = Sample(state: ContainerState.Running);

        store.Save(container);

        File.ReadAllText(store.StatePath(container.Id)).ShouldNotContain("isLive", Case.Insensitive, "derived, like Sandbox.PidNamespacePath ([JsonIgnore])");
    }

    [Fact]
    public void Save_ReplacesTheRecord()
    {
        var store = new ContainerStore(_dir.FullName);
        var container = Sample(state: ContainerState.Running);
        store.Save(container);

        store.Save(container with { State = ContainerState.Exited, ExitCode = 1 });

        store.Get(container.Id)!.State.ShouldBe(ContainerState.Exited);
        var loaded = new ContainerStore(_dir.FullName).Load().Records.ShouldHaveSingleItem();
        (loaded.State, loaded.ExitCode).ShouldBe((ContainerState.Exited, 1));
    }

    [Fact]
    public void Load_EmptyConfig_ReadsAsAnEmptyContainerConfig()
    {
        var store = new ContainerStore(_dir.FullName);
        var container = Sample() with { Config = [] };
        store.Save(container);

        var loaded = new ContainerStore(_dir.FullName).Load().Records.ShouldHaveSingleItem();

        loaded.Config.ShouldBeEmpty();
        loaded.ReadConfig().ShouldBe(new ContainerConfig());
    }

    [Fact]
    public void Load_UnreadableMissingOrForeignStateFile_ReportedAsBroken_InvalidDirectoryNamesIgnored()
    {
        var store = new ContainerStore(_dir.FullName);
        var good = Sample();
        store.Save(good);
        var corrupt = SandboxIds.New();
        Directory.CreateDirectory(store.StateDirectory(corrupt));
        File.WriteAllText(store.StatePath(corrupt), "{ not json");
        var empty = SandboxIds.New();
        Directory.CreateDirectory(store.StateDirectory(empty));
        var foreign = SandboxIds.New();
        Directory.CreateDirectory(store.StateDirectory(foreign));
        File.Copy(store.StatePath(good.Id), store.StatePath(foreign));
        var nullFile = SandboxIds.New();
        Directory.CreateDirectory(store.StateDirectory(nullFile));
        File.WriteAllText(store.StatePath(nullFile), "null");
        Directory.CreateDirectory(Path.Combine(store.Directory, "not-an-id"));
        Directory.CreateDirectory(Path.Combine(store.Directory, good.Id.ToUpperInvariant()));
        Directory.CreateDirectory(Path.Combine(store.Directory, good.Id[..63]));
        File.WriteAllText(Path.Combine(store.Directory, SandboxIds.New()), "a file, not a directory");

        var load = new ContainerStore(_dir.FullName).Load();

        load.Records.Select(c => c.Id).ShouldBe([good.Id]);
        load.Broken.Select(b => b.Id).Order(StringComparer.Ordinal).ShouldBe(new[] { corrupt, empty, foreign, nullFile }.Order(StringComparer.Ordinal));
        load.Broken.ShouldAllBe(b => b.Reason.Contains(ContainerStore.StateFileName));
        load.Broken.Single(b => b.Id == foreign).Reason.ShouldContain(good.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"id\": 5}")]
    [InlineData("{\"id\": \"ID\", \"name\": \"n\", \"sandboxId\": \"s\"}")]
    [InlineData("{\"id\": \"ID\", \"name\": \"n\", \"sandboxId\": \"s\", \"metadataName\": \"m\", \"state\": \"Bogus\"}")]
    [InlineData("{\"id\": \"ID\", \"name\": \"n\", \"sandboxId\": \"s\", \"metadataName\": \"m\", \"config\": \"not base64!\"}")]
    [InlineData("{\"id\": \"ID\", \"name\": \"n\", \"sandboxId\": \"s\", \"metadataName\": \"m\", \"labels\": {\"a\": 1}}")]
    [InlineData("{\"id\": \"ID\", \"name\": \"n\", \"sandboxId\": \"s\", \"metadataName\": \"m\", \"exitCode\": 99999999999}")]
    public void Load_MalformedStateFile_ReportedAsBroken(string json)
    {
        var store = new ContainerStore(_dir.FullName);
        var good = Sample();
        store.Save(good);
        var id = SandboxIds.New();
        Directory.CreateDirectory(store.StateDirectory(id));
        File.WriteAllText(store.StatePath(id), json.Replace("ID", id, StringComparison.Ordinal));

        var load = new ContainerStore(_dir.FullName).Load();

        load.Records.Select(c => c.Id).ShouldBe([good.Id]);
        load.Broken.ShouldHaveSingleItem().Id.ShouldBe(id);
    }

    [Fact]
    public void Load_StateFileIsADirectory_ReportedAsBroken()
    {
        var store = new ContainerStore(_dir.FullName);
        var id = SandboxIds.New();
        Directory.CreateDirectory(store.StatePath(id));

        var load = new ContainerStore(_dir.FullName).Load();

        load.Records.ShouldBeEmpty();
        load.Broken.ShouldHaveSingleItem().Id.ShouldBe(id);
    }

    [Fact]
    public void Load_NoDirectoryYet_Empty()
    {
        var load = new ContainerStore(Path.Combine(_dir.FullName, "nothing")).Load();

        load.Records.ShouldBeEmpty();
        load.Broken.ShouldBeEmpty();
    }

    [Fact]
    public void Load_ReplacesWhatWasInMemory()
    {
        var store = new ContainerStore(_dir.FullName);
        var kept = Sample();
        var deleted = Sample();
        store.Save(kept);
        store.Save(deleted);
        Directory.Delete(store.StateDirectory(deleted.Id), recursive: true);

        store.Load();

        store.Get(deleted.Id).ShouldBeNull();
        store.List().Select(c => c.Id).ShouldBe([kept.Id]);
    }

    [Fact]
    public void Remove_DeletesTheStateDirectory_AndIsRepeatable()
    {
        var store = new ContainerStore(_dir.FullName);
        var container = Sample();
        var other = Sample();
        store.Save(container);
        store.Save(other);

        store.Remove(container.Id);
        store.Remove(container.Id);
        store.Remove(SandboxIds.New());

        store.Get(container.Id).ShouldBeNull();
        Directory.Exists(store.StateDirectory(container.Id)).ShouldBeFalse();
        new ContainerStore(_dir.FullName).Load().Records.Select(c => c.Id).ShouldBe([other.Id]);
    }

    [Fact]
    public void FindByPrefix_And_List_OldestFirstThenById()
    {
        var store = new ContainerStore(_dir.FullName);
        var older = Sample("aa" + new string('0', 62)) with { CreatedAt = 1 };
        var newer = Sample("ab" + new string('0', 62)) with { CreatedAt = 2 };
        var sameTime = Sample("a0" + new string('0', 62)) with { CreatedAt = 2 };
        store.Save(newer);
        store.Save(older);
        store.Save(sameTime);

        store.List().Select(c => c.Id).ShouldBe([older.Id, sameTime.Id, newer.Id]);
        store.FindByPrefix("a").Count.ShouldBe(3);
        store.FindByPrefix("ab").ShouldHaveSingleItem().Id.ShouldBe(newer.Id);
        store.FindByPrefix("b").ShouldBeEmpty();
        store.FindByPrefix("").ShouldBeEmpty();
    }

    [Fact]
    public void Save_Or_StateDirectory_InvalidId_Throws_AndWritesNothing()
    {
        var store = new ContainerStore(_dir.FullName);

        Should.Throw<ArgumentException>(() => store.StateDirectory("../../etc"));
        Should.Throw<ArgumentException>(() => store.StateDirectory(new string('A', 64)));
        Should.Throw<ArgumentException>(() => store.Save(Sample("../escape")));
        Should.Throw<ArgumentException>(() => store.Remove("../escape"));

        store.List().ShouldBeEmpty();
        File.Exists(Path.Combine(_dir.FullName, "escape")).ShouldBeFalse();
    }
}

using Crisp.Core.Containers;
using Google.Protobuf;
using Runtime.V1;
using Shouldly;
using CriApi = Runtime.V1;
using CrispState = Crisp.Core.Containers.ContainerState;

namespace Crisp.Unit.Tests.Core;

public sealed class ContainerCriMappingTests
{
    [Fact]
    public void ToContainer_CarriesIdsMetadataImageStateAndLabels()
    {
        var container = ContainerStoreTests.Sample(state: CrispState.Running);

        var item = ContainerCriMapping.ToContainer(container);

        item.Id.ShouldBe(container.Id);
        item.PodSandboxId.ShouldBe(container.SandboxId);
        item.Metadata.ShouldBe(new ContainerMetadata { Name = "app", Attempt = 2 });
        item.Image.ShouldBe(new ImageSpec { Image = "docker.io/library/busybox:1.36" });
        item.ImageRef.ShouldBe(container.ImageRef);
        item.ImageId.ShouldBe(container.ImageId);
        item.State.ShouldBe(CriApi.ContainerState.ContainerRunning);
        item.CreatedAt.ShouldBe(container.CreatedAt);
        item.Labels.ShouldBe(container.Labels);
        item.Annotations.ShouldBe(container.Annotations);
    }

    [Fact]
    public void ToStatus_Exited_TimesExitCodeReasonMessageAndLogPath()
    {
        var container = ContainerStoreTests.Sample(state: CrispState.Exited) with
        {
            ExitCode = 137,
            Reason = "OOMKilled",
            Message = "memory limit",
        };

        var status = ContainerCriMapping.ToStatus(container);

        status.Id.ShouldBe(container.Id);
        status.Metadata.ShouldBe(new ContainerMetadata { Name = "app", Attempt = 2 });
        status.State.ShouldBe(CriApi.ContainerState.ContainerExited);
        (status.CreatedAt, status.StartedAt, status.FinishedAt).ShouldBe((container.CreatedAt, container.StartedAt, container.FinishedAt));
        (status.ExitCode, status.Reason, status.Message).ShouldBe((137, "OOMKilled", "memory limit"));
        status.Image.Image.ShouldBe(container.ImageName);
        status.ImageRef.ShouldBe(container.ImageRef);
        status.ImageId.ShouldBe(container.ImageId);
        status.LogPath.ShouldBe(container.LogPath);
        status.Labels.ShouldBe(container.Labels);
        status.Annotations.ShouldBe(container.Annotations);
    }

    [Fact]
    public void ToStatus_Running_NoFinishNoExitCodeNoReason()
    {
        var container = ContainerStoreTests.Sample(state: CrispState.Running);

        var status = ContainerCriMapping.ToStatus(container);

        status.State.ShouldBe(CriApi.ContainerState.ContainerRunning);
        status.StartedAt.ShouldBeGreaterThan(0);
        (status.FinishedAt, status.ExitCode, status.Reason, status.Message).ShouldBe((0L, 0, "", ""));
    }

    [Fact]
    public void ToStatus_MountsAndResources_FromTheStoredConfig()
    {
        var config = ContainerStoreTests.SampleConfig();
        var container = ContainerStoreTests.Sample() with { Config = config.ToByteArray() };

        var status = ContainerCriMapping.ToStatus(container);

        status.Mounts.ShouldBe(config.Mounts);
        status.Mounts[0].Readonly.ShouldBeTrue();
        status.Mounts[1].Propagation.ShouldBe(MountPropagation.PropagationHostToContainer);
        status.Resources.ShouldNotBeNull();
        status.Resources.Linux.ShouldBe(config.Linux.Resources);
        status.Resources.Linux.MemoryLimitInBytes.ShouldBe(64L << 20);
    }

    [Fact]
    public void ToStatus_ResourcesAsLastUpdated()
    {
        var config = ContainerStoreTests.SampleConfig();
        config.Linux.Resources = new LinuxContainerResources { CpuShares = 1024, MemoryLimitInBytes = 128 << 20 };
        var container = ContainerStoreTests.Sample() with { Config = config.ToByteArray() };

        var status = ContainerCriMapping.ToStatus(container);

        (status.Resources.Linux.CpuShares, status.Resources.Linux.MemoryLimitInBytes).ShouldBe((1024L, 128L << 20));
    }

    [Fact]
    public void ToStatus_NoConfig_NoMountsNoResources()
    {
        var container = ContainerStoreTests.Sample() with { Config = [] };

        var status = ContainerCriMapping.ToStatus(container);

        status.Mounts.ShouldBeEmpty();
        status.Resources.ShouldBeNull();
    }

    [Fact]
    public void ToStatus_LinuxConfigWithoutResources_NoResources()
    {
        var config = new ContainerConfig { Linux = new LinuxContainerConfig { SecurityContext = new LinuxContainerSecurityContext { Privileged = true } } };
        var container = ContainerStoreTests.Sample() with { Config = config.ToByteArray() };

        ContainerCriMapping.ToStatus(container).Resources.ShouldBeNull();
    }

    [Theory]
    [InlineData(CrispState.Created, CriApi.ContainerState.ContainerCreated)]
    [InlineData(CrispState.Running, CriApi.ContainerState.ContainerRunning)]
    [InlineData(CrispState.Exited, CriApi.ContainerState.ContainerExited)]
    [InlineData(CrispState.Creating, CriApi.ContainerState.ContainerUnknown)]
    public void State_ToCri(CrispState state, CriApi.ContainerState expected)
    {
        ContainerCriMapping.State(state).ShouldBe(expected);
        ContainerCriMapping.ToContainer(ContainerStoreTests.Sample() with { State = state }).State.ShouldBe(expected);
        ContainerCriMapping.ToStatus(ContainerStoreTests.Sample() with { State = state }).State.ShouldBe(expected);
    }

    [Theory]
    [InlineData(CriApi.ContainerState.ContainerCreated, CrispState.Created)]
    [InlineData(CriApi.ContainerState.ContainerRunning, CrispState.Running)]
    [InlineData(CriApi.ContainerState.ContainerExited, CrispState.Exited)]
    public void FromCri_KnownStates(CriApi.ContainerState state, CrispState expected) =>
        ContainerCriMapping.FromCri(state).ShouldBe(expected);

    [Theory]
    [InlineData(CriApi.ContainerState.ContainerUnknown)]
    [InlineData((CriApi.ContainerState)42)]
    public void FromCri_UnknownState_Null(CriApi.ContainerState state) =>
        ContainerCriMapping.FromCri(state).ShouldBeNull();

    [Fact]
    public void State_RoundTripsForEveryVisibleState()
    {
        foreach (var state in new[] { CrispState.Created, CrispState.Running, CrispState.Exited })
        {
            ContainerCriMapping.FromCri(ContainerCriMapping.State(state)).ShouldBe(state);
        }
    }
}

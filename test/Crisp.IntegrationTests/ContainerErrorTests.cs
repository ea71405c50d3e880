using System.Globalization;
using Crisp.IntegrationTests.Harness;
using Crisp.IntegrationTests.Harness.Pods;
using Grpc.Core;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>
/// Bad container requests and requests in the wrong state: a gRPC status a kubelet can act on, a message a person
/// understands, a daemon that keeps serving and nothing left behind. Also the less travelled RPCs
/// (UpdateContainerResources, ReopenContainerLog, ExecSync timeouts) and RemoveImage of an image in use.
/// </summary>
public sealed class ContainerErrorTests
{
    private static readonly string _unknownId = new('a', 64);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateContainer_BadInput_ClearErrorsNothingLeakedAndNamesReusable()
    {
        var mustExist = "";
        await using var host = await PodTestHost.StartWithBusyboxAsync(files =>
        {
            mustExist = Path.Combine(files.Directory, "must-exist");
            File.WriteAllText(Path.Combine(files.ConfigDir, "50-reject.conf"), $"""
                [crio.runtime]
                absent_mount_sources_to_reject = ["{mustExist}"]
                """);
        });
        var pod = await host.RunPodAsync();

        var unknownPod = await CreateFailsAsync(host, _unknownId, pod.Config, Valid(host, "c"));
        unknownPod.StatusCode.ShouldBe(StatusCode.NotFound);
        unknownPod.Status.Detail.ShouldContain(_unknownId);

        var noConfig = await CreateFailsAsync(host, pod.Id, pod.Config, null);
        noConfig.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        noConfig.Status.Detail.ShouldContain("config", Case.Insensitive);

        var noMetadata = Valid(host, "c");
        noMetadata.Metadata = null;
        var metadataError = await CreateFailsAsync(host, pod.Id, pod.Config, noMetadata);
        metadataError.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        metadataError.Status.Detail.ShouldContain("metadata", Case.Insensitive);

        var noName = Valid(host, "");
        noName.LogPath = "noname/0.log";
        var nameError = await CreateFailsAsync(host, pod.Id, pod.Config, noName);
        nameError.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        nameError.Status.Detail.ShouldContain("name", Case.Insensitive);

        var missingImage = host.Registry!.Reference("crisp-test/never-pushed", "1");
        var imageError = await CreateFailsAsync(host, pod.Id, pod.Config, ContainerConfigs.Command(missingImage, "c", "true"));
        imageError.StatusCode.ShouldBe(StatusCode.NotFound);
        imageError.Status.Detail.ShouldContain(missingImage);

        var relativeHost = Valid(host, "c").WithMount("relative/dir", "/data");
        var relativeHostError = await CreateFailsAsync(host, pod.Id, pod.Config, relativeHost);
        relativeHostError.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        relativeHostError.Status.Detail.ShouldContain("relative/dir");
        Directory.Exists(Path.Combine(Environment.CurrentDirectory, "relative")).ShouldBeFalse("nothing is created relative to the daemon's directory");

        var relativeContainer = Valid(host, "c").WithMount(Path.Combine(host.Files.Directory, "vol"), "data/in/container");
        var relativeContainerError = await CreateFailsAsync(host, pod.Id, pod.Config, relativeContainer);
        relativeContainerError.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        relativeContainerError.Status.Detail.ShouldContain("data/in/container");

        var rejected = Valid(host, "c").WithMount(mustExist, "/data");
        var rejectedError = await CreateFailsAsync(host, pod.Id, pod.Config, rejected);
        rejectedError.StatusCode.ShouldBe(StatusCode.InvalidArgument);
        rejectedError.Status.Detail.ShouldContain(mustExist);
        Directory.Exists(mustExist).ShouldBeFalse("absent_mount_sources_to_reject: not created");

        var noBinary = ContainerConfigs.Command(host.Busybox, "c", "/no/such/binary");
        var binaryError = await CreateFailsAsync(host, pod.Id, pod.Config, noBinary);
        binaryError.StatusCode.ShouldNotBe(StatusCode.OK);
        binaryError.Status.Detail.ShouldContain("/no/such/binary");
        new[] { "no such file or directory", "executable file not found" }
            .ShouldContain(text => binaryError.Status.Detail.Contains(text, StringComparison.OrdinalIgnoreCase), $"runc's reason is in the message: {binaryError.Status.Detail}");

        (await host.ListContainersAsync()).ShouldBeEmpty();
        host.Daemon.HasExited.ShouldBeFalse();
        (await host.StatusAsync(pod.Id)).State.ShouldBe(PodSandboxState.SandboxReady);
        NoContainerLeftovers(host);

        // Every failure above used the name "c": it is free again.
        var id = await host.CreateContainerAsync(pod, Valid(host, "c"));
        (await host.ContainerStatusAsync(id)).State.ShouldBe(ContainerState.ContainerCreated);

        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task CreateContainer_SameNameTwice_AlreadyExistsUntilTheFirstIsRemoved()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var first = await host.CreateContainerAsync(pod, Valid(host, "twin"));

        var error = await CreateFailsAsync(host, pod.Id, pod.Config, Valid(host, "twin"));

        error.StatusCode.ShouldBe(StatusCode.AlreadyExists);
        error.Status.Detail.ShouldContain("twin");
        (await host.ListContainersAsync()).ShouldHaveSingleItem().Id.ShouldBe(first);

        // The same name with the next attempt is another container.
        var retry = Valid(host, "twin");
        retry.Metadata.Attempt = 1;
        retry.LogPath = "twin/1.log";
        var second = await host.CreateContainerAsync(pod, retry);
        second.ShouldNotBe(first);

        await host.RemoveContainerAsync(first);
        var third = await host.CreateContainerAsync(pod, Valid(host, "twin"));
        third.ShouldNotBe(first);

        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task CreateContainer_StoppedSandbox_FailedPrecondition()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        await host.StopAsync(pod.Id);

        var error = await CreateFailsAsync(host, pod.Id, pod.Config, Valid(host, "late"));

        error.StatusCode.ShouldBe(StatusCode.FailedPrecondition);
        ShouldMention(error, pod.Id[..12], "nginx-sandbox");
        (await host.ListContainersAsync()).ShouldBeEmpty();
        NoContainerLeftovers(host);

        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task CreateContainer_HostileAnnotationsAndLabels_StoredAsGivenAndHarmless()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var config = Valid(host, "hostile");
        var huge = new string('h', 128 * 1024);
        config.Annotations["io.crisp.ContainerID"] = "not-the-id";
        config.Annotations["io.crisp.SandboxID"] = _unknownId;
        config.Annotations["io.crisp.LogPath"] = "/etc/passwd";
        config.Annotations["io.crisp.MountPoint"] = "/";
        config.Annotations["io.kubernetes.cri.sandbox-id"] = _unknownId;
        config.Annotations["huge"] = huge;
        config.Annotations["quotes \" and\nnewlines"] = "{\"json\": [1, 2]}\n\t\\";
        config.Labels["io.crisp.Labels"] = "{";
        config.Labels["io.kubernetes.pod.name"] = "someone-else";

        var id = await host.RunContainerAsync(pod, config);

        var status = await host.ContainerStatusAsync(id);
        status.State.ShouldBe(ContainerState.ContainerRunning);
        status.Annotations["huge"].ShouldBe(huge);
        status.Annotations["quotes \" and\nnewlines"].ShouldBe("{\"json\": [1, 2]}\n\t\\");
        status.LogPath.ShouldBe(PodTestHost.LogPath(pod, config));
        var info = await host.ContainerInfoAsync(id);
        info.GetProperty("sandboxID").GetString().ShouldBe(pod.Id);
        var annotations = info.GetProperty("runtimeSpec").GetProperty("annotations");
        annotations.GetProperty("io.crisp.ContainerID").GetString().ShouldBe(id, "crisp's own annotations win over the request's");
        annotations.GetProperty("io.crisp.SandboxID").GetString().ShouldBe(pod.Id);
        File.ReadAllText("/etc/passwd").ShouldStartWith("root:");
        (await host.ListContainersAsync(new ContainerFilter { PodSandboxId = pod.Id })).ShouldHaveSingleItem().Id.ShouldBe(id);

        await host.RestartAsync(kill: true);

        (await host.ContainerStatusAsync(id)).State.ShouldBe(ContainerState.ContainerRunning);
        (await host.ContainerInfoAsync(id)).GetProperty("sandboxID").GetString().ShouldBe(pod.Id);
        await host.StopContainerAsync(id);
        await host.RemoveContainerAsync(id);
        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task StartStopRemoveStatus_WrongStateOrUnknownId_StatusCodesAndIdempotentStopRemove()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();

        var unknownStart = await Should.ThrowAsync<RpcException>(() => host.StartContainerAsync(_unknownId));
        unknownStart.StatusCode.ShouldBe(StatusCode.NotFound);
        unknownStart.Status.Detail.ShouldContain(_unknownId);
        var unknownStatus = await Should.ThrowAsync<RpcException>(() => host.ContainerStatusAsync(_unknownId));
        unknownStatus.StatusCode.ShouldBe(StatusCode.NotFound);
        unknownStatus.Status.Detail.ShouldContain(_unknownId);
        await host.StopContainerAsync(_unknownId);
        await host.RemoveContainerAsync(_unknownId);

        var running = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "running", ContainerConfigs.UntilTerm));
        var again = await Should.ThrowAsync<RpcException>(() => host.StartContainerAsync(running));
        again.StatusCode.ShouldBe(StatusCode.FailedPrecondition);
        ShouldMention(again, running[..12], "running");
        (await host.ContainerStatusAsync(running)).State.ShouldBe(ContainerState.ContainerRunning, "a refused start leaves the container alone");

        var exited = await host.RunContainerAsync(pod, ContainerConfigs.Command(host.Busybox, "exited", "true"));
        await host.WaitForExitAsync(exited);
        var restart = await Should.ThrowAsync<RpcException>(() => host.StartContainerAsync(exited));
        restart.StatusCode.ShouldBe(StatusCode.FailedPrecondition);
        await host.StopContainerAsync(exited);
        await host.StopContainerAsync(exited);
        (await host.ContainerStatusAsync(exited)).ExitCode.ShouldBe(0, "stopping an exited container changes nothing");

        await host.RemoveContainerAsync(exited);
        await host.RemoveContainerAsync(exited);
        await host.StopContainerAsync(exited);
        (await host.ListContainersAsync()).ShouldHaveSingleItem().Id.ShouldBe(running);

        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task ExecSync_LongerThanTimeout_DeadlineExceededAndProcessKilled()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var id = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "exec-target", ContainerConfigs.UntilTerm));
        var pidNamespace = PidNamespace(await host.ContainerPidAsync(id));

        var error = await Should.ThrowAsync<RpcException>(() => host.ExecSyncAsync(id, 1, "sleep", "30"));

        error.StatusCode.ShouldBe(StatusCode.DeadlineExceeded, error.Status.Detail);
        ShouldMention(error, "timeout", "timed out", "deadline");
        await Eventually.TrueAsync(() => SleepThirtyIn(pidNamespace).Count == 0, "the timed-out exec's sleep is killed");
        (await host.ExecSyncAsync(id, 10, "echo", "after")).Stdout.ToStringUtf8().ShouldBe("after\n");
        (await host.ContainerStatusAsync(id)).State.ShouldBe(ContainerState.ContainerRunning);

        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task ExecSync_ContainerNotRunning_FailedPrecondition()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var created = await host.CreateContainerAsync(pod, Valid(host, "created"));
        var exited = await host.RunContainerAsync(pod, ContainerConfigs.Command(host.Busybox, "exited", "true"));
        await host.WaitForExitAsync(exited);

        foreach (var id in new[] { created, exited })
        {
            var error = await Should.ThrowAsync<RpcException>(() => host.ExecSyncAsync(id, 10, "echo", "hi"));
            error.StatusCode.ShouldBe(StatusCode.FailedPrecondition, id);
            ShouldMention(error, id[..12], "not running");
        }

        var unknown = await Should.ThrowAsync<RpcException>(() => host.ExecSyncAsync(_unknownId, 10, "echo", "hi"));
        unknown.StatusCode.ShouldBe(StatusCode.NotFound);

        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task UpdateContainerResources_RunningContainer_CgroupFilesAndStatusUpdated()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var config = ContainerConfigs.Shell(host.Busybox, "resized", ContainerConfigs.UntilTerm)
            .WithResources(memoryLimitInBytes: 256L * 1024 * 1024, cpuShares: 512);
        var id = await host.RunContainerAsync(pod, config);
        var cgroup = host.ContainerCgroup(id);
        CgroupValue("cpu", cgroup, "cpu.shares").ShouldBe(512);
        CgroupValue("memory", cgroup, "memory.limit_in_bytes").ShouldBe(256L * 1024 * 1024);

        var update = new LinuxContainerResources { CpuShares = 300, MemoryLimitInBytes = 128L * 1024 * 1024 };
        await host.Runtime.UpdateContainerResourcesAsync(new UpdateContainerResourcesRequest { ContainerId = id, Linux = update }, cancellationToken: Ct);

        CgroupValue("cpu", cgroup, "cpu.shares").ShouldBe(300);
        CgroupValue("memory", cgroup, "memory.limit_in_bytes").ShouldBe(128L * 1024 * 1024);
        var resources = (await host.ContainerStatusAsync(id)).Resources.Linux;
        resources.CpuShares.ShouldBe(300);
        resources.MemoryLimitInBytes.ShouldBe(128L * 1024 * 1024);

        var unknown = await Should.ThrowAsync<RpcException>(() => host.Runtime.UpdateContainerResourcesAsync(
            new UpdateContainerResourcesRequest { ContainerId = _unknownId, Linux = update }, cancellationToken: Ct).ResponseAsync);
        unknown.StatusCode.ShouldBe(StatusCode.NotFound);
        unknown.Status.Detail.ShouldContain(_unknownId);

        await host.StopContainerAsync(id);
        var exited = await Should.ThrowAsync<RpcException>(() => host.Runtime.UpdateContainerResourcesAsync(
            new UpdateContainerResourcesRequest { ContainerId = id, Linux = update }, cancellationToken: Ct).ResponseAsync);
        exited.StatusCode.ShouldNotBe(StatusCode.OK);
        ShouldMention(exited, id[..12], "not running", "exited", "stopped");

        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task ReopenContainerLog_AfterRotation_NewFileGetsNewOutput_NotRunningIsFailedPrecondition()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var config = ContainerConfigs.Shell(host.Busybox, "chatty", "trap 'exit 0' TERM; i=0; while true; do i=$((i+1)); echo line-$i; sleep 0.2 & wait $!; done");
        var id = await host.RunContainerAsync(pod, config);
        var logPath = PodTestHost.LogPath(pod, config);
        await PodTestHost.WaitForLogLineAsync(logPath, "line-2");

        var rotated = logPath + ".20260101-000000";
        File.Move(logPath, rotated);
        await host.Runtime.ReopenContainerLogAsync(new ReopenContainerLogRequest { ContainerId = id }, cancellationToken: Ct);

        File.Exists(logPath).ShouldBeTrue("ReopenContainerLog returns once conmon has reopened the log");
        var lastRotated = LineNumbers(rotated).Max();
        await Eventually.TrueAsync(() => LineNumbers(logPath).Count >= 2, "new output goes to the new file");
        LineNumbers(logPath).Min().ShouldBeGreaterThan(lastRotated, "the new file continues where the rotated one ended");

        var created = await host.CreateContainerAsync(pod, Valid(host, "created"));
        var notStarted = await Should.ThrowAsync<RpcException>(() => host.Runtime.ReopenContainerLogAsync(
            new ReopenContainerLogRequest { ContainerId = created }, cancellationToken: Ct).ResponseAsync);
        notStarted.StatusCode.ShouldBe(StatusCode.FailedPrecondition);
        ShouldMention(notStarted, created[..12], "not running");

        await host.StopContainerAsync(id);
        var exited = await Should.ThrowAsync<RpcException>(() => host.Runtime.ReopenContainerLogAsync(
            new ReopenContainerLogRequest { ContainerId = id }, cancellationToken: Ct).ResponseAsync);
        exited.StatusCode.ShouldBe(StatusCode.FailedPrecondition);

        var unknown = await Should.ThrowAsync<RpcException>(() => host.Runtime.ReopenContainerLogAsync(
            new ReopenContainerLogRequest { ContainerId = _unknownId }, cancellationToken: Ct).ResponseAsync);
        unknown.StatusCode.ShouldBe(StatusCode.NotFound);

        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task RemoveImage_UsedByAContainer_FailedPreconditionUntilTheContainerIsRemoved()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var id = await host.CreateContainerAsync(pod, Valid(host, "user"));
        var remove = new RemoveImageRequest { Image = new ImageSpec { Image = host.Busybox } };

        var error = await Should.ThrowAsync<RpcException>(() => host.Daemon.Images.RemoveImageAsync(remove, cancellationToken: Ct).ResponseAsync);

        error.StatusCode.ShouldBe(StatusCode.FailedPrecondition);
        ShouldMention(error, id[..12], "in use");
        var image = await host.Daemon.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = host.Busybox } }, cancellationToken: Ct);
        image.Image.ShouldNotBeNull("the image is still there");
        await host.StartContainerAsync(id);
        (await host.ContainerStatusAsync(id)).State.ShouldBe(ContainerState.ContainerRunning, "the container still works");

        await host.RemoveContainerAsync(id);
        await host.Daemon.Images.RemoveImageAsync(remove, cancellationToken: Ct);

        (await host.Daemon.Images.ListImagesAsync(new ListImagesRequest(), cancellationToken: Ct)).Images.ShouldBeEmpty();
        await host.RemoveAsync(pod.Id);
        host.ShouldHaveNoLeftovers();
    }

    /// <summary>The message names the object or says what is wrong with it (any of <paramref name="anyOf"/>, ignoring case).</summary>
    private static void ShouldMention(RpcException error, params string[] anyOf) =>
        anyOf.ShouldContain(
            text => error.Status.Detail.Contains(text, StringComparison.OrdinalIgnoreCase),
            $"the message says what is wrong (one of: {string.Join(", ", anyOf)}): \"{error.Status.Detail}\"");

    private static ContainerConfig Valid(PodTestHost host, string name) => ContainerConfigs.Shell(host.Busybox, name, ContainerConfigs.UntilTerm);

    private static Task<RpcException> CreateFailsAsync(PodTestHost host, string podId, PodSandboxConfig podConfig, ContainerConfig? config) =>
        Should.ThrowAsync<RpcException>(() => host.CreateContainerAsync(podId, podConfig, config));

    /// <summary>What a failed create must not leave: state, storage, bundles, mounts, runc containers, conmon, cgroups.</summary>
    private static void NoContainerLeftovers(PodTestHost host)
    {
        Entries(Path.Combine(host.Files.Root, "containers")).ShouldBeEmpty("container state directories");
        Entries(Path.Combine(host.Files.Root, "overlay-containers")).ShouldBeEmpty("container storage");
        Entries(Path.Combine(host.Files.RunRoot, "overlay-containers")).ShouldBeEmpty("container bundles");
        PodLeftovers.Mounts(Path.Combine(host.Files.Root, "overlay-containers")).ShouldBeEmpty("container root file systems");
        host.RuncContainers().ShouldBeEmpty("runc containers");
        PodLeftovers.Processes(host.Files.Directory, host.Daemon.Pid).ShouldBeEmpty("conmon or runc processes");
        TestCgroups.Children(host.CgroupParent).ShouldBeEmpty("container cgroups");
        Entries(host.Files.ExitsDir).ShouldBeEmpty("exit files");

        static string[] Entries(string path) => Directory.Exists(path) ? Directory.GetFileSystemEntries(path) : [];
    }

    private static long CgroupValue(string controller, string cgroup, string file) =>
        long.Parse(File.ReadAllText(Path.Combine(TestCgroups.V1Directory(controller, cgroup), file)).Trim(), CultureInfo.InvariantCulture);

    private static string PidNamespace(int pid) => HostCommand.Run("readlink", $"/proc/{pid}/ns/pid").Trim();

    /// <summary>Processes running exactly "sleep 30" in the given PID namespace.</summary>
    private static List<int> SleepThirtyIn(string pidNamespace)
    {
        var result = new List<int>();
        foreach (var entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(entry, "cmdline")) == "sleep\u000030\u0000"
                    && HostCommand.TryRun("readlink", Path.Combine(entry, "ns", "pid")).StandardOutput.Trim() == pidNamespace)
                {
                    result.Add(pid);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
        }

        return result;
    }

    /// <summary>The numbers N of the "line-N" stdout lines in a log file.</summary>
    private static List<int> LineNumbers(string path) =>
        [.. CriLog.Read(path).Where(l => l.Stream == "stdout" && l.Content.StartsWith("line-", StringComparison.Ordinal))
            .Select(l => int.Parse(l.Content["line-".Length..], CultureInfo.InvariantCulture))];
}

using System.Globalization;
using System.Net;
using Crisp.IntegrationTests.Harness;
using Crisp.IntegrationTests.Harness.Pods;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>
/// <c>/pause/{id}</c> and <c>/unpause/{id}</c> on the CRI socket (as CRI-O's) and <c>crisp status pause|unpause</c>:
/// runc freezes the container's cgroup (the v1 freezer on this host), CRI still reports it running, StopContainer
/// resumes it before signalling.
/// </summary>
public sealed class ContainerPauseTests
{
    private const string BusyLoop = "echo ready; while true; do :; done";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string FreezerState(PodTestHost host, string id) =>
        File.ReadAllText(Path.Combine(TestCgroups.V1Directory("freezer", host.ContainerCgroup(id)), "freezer.state")).Trim();

    private static long CpuUsage(PodTestHost host, string id) =>
        long.Parse(File.ReadAllText(Path.Combine(TestCgroups.V1Directory("cpuacct", host.ContainerCgroup(id)), "cpuacct.usage")).Trim(), CultureInfo.InvariantCulture);

    private static async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpClient http, HttpMethod method, string path)
    {
        using var request = new HttpRequestMessage(method, path);
        using var response = await http.SendAsync(request, Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<string> PageStateAsync(HttpClient http, string id)
    {
        using var document = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync($"/containers/{id}", Ct));
        return document.RootElement.GetProperty("state").GetString()!;
    }

    [Fact]
    public async Task PauseUnpause_BusyContainer_FrozenThenThawed_CriStillRunning_WrongStates409_Unknown404()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var config = ContainerConfigs.Shell(host.Busybox, "busy", BusyLoop);
        var id = await host.RunContainerAsync(pod, config);
        await PodTestHost.WaitForLogLineAsync(PodTestHost.LogPath(pod, config), "ready");
        using var http = StatusPages.Client(host.Files.Socket);
        FreezerState(host, id).ShouldBe("THAWED");

        (await SendAsync(http, HttpMethod.Post, $"/pause/{id}")).ShouldBe((HttpStatusCode.OK, "200 OK"));

        FreezerState(host, id).ShouldBe("FROZEN");
        var frozenAt = CpuUsage(host, id);
        await Task.Delay(TimeSpan.FromMilliseconds(300), Ct);
        CpuUsage(host, id).ShouldBe(frozenAt, "a frozen busy loop uses no CPU");
        (await host.ContainerStatusAsync(id)).State.ShouldBe(ContainerState.ContainerRunning, "CRI-O reports a paused container running");
        (await PageStateAsync(http, id)).ShouldBe("paused");

        var again = await SendAsync(http, HttpMethod.Post, $"/pause/{id}");
        again.Status.ShouldBe(HttpStatusCode.Conflict);
        again.Body.ShouldContain("is not in running state, now is paused");

        // GET, the method CRI-O serves, works as well.
        (await SendAsync(http, HttpMethod.Get, $"/unpause/{id[..12]}")).ShouldBe((HttpStatusCode.OK, "200 OK"));

        FreezerState(host, id).ShouldBe("THAWED");
        var thawedAt = CpuUsage(host, id);
        await Eventually.TrueAsync(() => CpuUsage(host, id) > thawedAt, "the busy loop runs again");
        (await PageStateAsync(http, id)).ShouldBe("running");

        var notPaused = await SendAsync(http, HttpMethod.Post, $"/unpause/{id}");
        notPaused.Status.ShouldBe(HttpStatusCode.Conflict);
        notPaused.Body.ShouldContain("is not in paused state, now is running");

        var unknown = new string('e', 64);
        (await SendAsync(http, HttpMethod.Post, $"/pause/{unknown}")).Status.ShouldBe(HttpStatusCode.NotFound);
        (await SendAsync(http, HttpMethod.Post, $"/unpause/{unknown}")).Status.ShouldBe(HttpStatusCode.NotFound);

        await host.StopContainerAsync(id, timeoutSeconds: 0);
        var exited = await SendAsync(http, HttpMethod.Post, $"/pause/{id}");
        exited.Status.ShouldBe(HttpStatusCode.Conflict);
        exited.Body.ShouldContain("is not in running state, now is exited");
    }

    [Fact]
    public async Task StopContainer_Paused_ResumedSoItGetsTheStopSignalAndExits()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var config = ContainerConfigs.Shell(host.Busybox, "sleeper", ContainerConfigs.UntilTerm);
        var id = await host.RunContainerAsync(pod, config);
        var logPath = PodTestHost.LogPath(pod, config);
        await PodTestHost.WaitForLogLineAsync(logPath, "ready");
        using var http = StatusPages.Client(host.Files.Socket);
        (await SendAsync(http, HttpMethod.Post, $"/pause/{id}")).Status.ShouldBe(HttpStatusCode.OK);
        FreezerState(host, id).ShouldBe("FROZEN");

        await host.StopContainerAsync(id, timeoutSeconds: 30);

        var status = await host.ContainerStatusAsync(id);
        status.State.ShouldBe(ContainerState.ContainerExited);
        status.ExitCode.ShouldBe(0, "the trap ran: the container was thawed before SIGTERM");
        CriLog.HasLine(logPath, "got-term").ShouldBeTrue();
        (await PageStateAsync(http, id)).ShouldBe("exited");
        await host.RemoveContainerAsync(id);
    }

    [Fact]
    public async Task StatusCli_PauseUnpause_ById_AndUnknownIdFails()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var config = ContainerConfigs.Shell(host.Busybox, "busy", BusyLoop);
        var id = await host.RunContainerAsync(pod, config);

        var pause = await CrispCli.RunAsync(["status", "--socket", host.Files.Socket, "pause", "--id", id]);

        pause.ExitCode.ShouldBe(0, pause.ToString());
        pause.StandardOutput.Trim().ShouldBe("200 OK");
        FreezerState(host, id).ShouldBe("FROZEN");

        var unpause = await CrispCli.RunAsync(["status", "--socket", host.Files.Socket, "unpause", "-i", id[..12]]);

        unpause.ExitCode.ShouldBe(0, unpause.ToString());
        FreezerState(host, id).ShouldBe("THAWED");

        var twice = await CrispCli.RunAsync(["status", "--socket", host.Files.Socket, "unpause", "--id", id]);
        twice.ExitCode.ShouldNotBe(0);
        twice.StandardError.ShouldContain("409");

        var unknown = await CrispCli.RunAsync(["status", "--socket", host.Files.Socket, "pause", "--id", "nosuchcontainer"]);
        unknown.ExitCode.ShouldNotBe(0);
        unknown.StandardError.ShouldContain("404");
        unknown.StandardError.ShouldContain("could not find container \"nosuchcontainer\"");
    }
}

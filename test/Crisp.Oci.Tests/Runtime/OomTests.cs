using Crisp.Oci.Tests.Runtime.Support;
using Shouldly;

namespace Crisp.Oci.Tests.Runtime;

/// <summary>conmon's OOM detection (cgroup v1 memory.oom_control eventfd) surfaces as OomKilled.</summary>
public sealed class OomTests : IAsyncLifetime
{
    private readonly RuntimeTestHost _host = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task MemoryHog_InAnEightMebibyteCgroup_IsReportedOomKilled()
    {
        var id = RuntimeTestHost.NewId();
        using var monitor = _host.NewExitMonitor();
        var exited = new TaskCompletionSource<Crisp.Oci.Runtime.ContainerExitedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        monitor.ContainerExited += (_, e) => exited.TrySetResult(e);
        monitor.Start();

        await _host.RunAsync(id, ["sh", "-c", "x=a; while true; do x=$x$x; done"], config =>
        {
            var limit = 8L * 1024 * 1024;
            config["linux"]!["resources"]!["memory"] = new System.Text.Json.Nodes.JsonObject { ["limit"] = limit, ["swap"] = limit };
        });

        var exit = await exited.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        exit.Id.ShouldBe(id);
        exit.ExitCode.ShouldBe(137);
        exit.OomKilled.ShouldBeTrue();
        File.Exists(Path.Combine(_host.Bundle(id), "oom")).ShouldBeTrue("conmon also drops an oom file in its working directory, the bundle");
    }
}

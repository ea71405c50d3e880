using System.Diagnostics;
using System.Text.RegularExpressions;
using Crisp.IntegrationTests.Harness;
using Crisp.IntegrationTests.Harness.Pods;
using Runtime.V1;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary><c>crisp ctl run</c>, <c>logs</c> (--tail, --timestamps, -f), <c>exec -it</c> on a pseudo-terminal and <c>port-forward</c>.</summary>
public sealed partial class CtlStreamingTests
{
    [Fact]
    public async Task RunAndLogs_TailTimestampsAndFollow_ReadTheCriLog()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var podJson = CtlFiles.PodJson(host, "logs-sandbox");
        var ctr = CtlFiles.ContainerJson(host, "writer", "for i in 1 2 3 4 5; do echo line-$i; done; echo err-line >&2; while [ ! -e /tmp/go ]; do sleep 0.1; done; echo last-line");

        var id = (await CrispCtl.OkAsync(host, "run", "--no-pull", ctr, podJson)).Trim();
        id.ShouldMatch("^[0-9a-f]{64}$");
        var status = await host.ContainerStatusAsync(id);
        await PodTestHost.WaitForLogLineAsync(status.LogPath, "line-5");
        await Eventually.TrueAsync(() => File.ReadAllText(status.LogPath).Contains("err-line", StringComparison.Ordinal), "the stderr line is logged");

        var all = await CrispCtl.RunAsync(host, "logs", id[..12]);
        all.ExitCode.ShouldBe(0, all.ToString());
        all.StandardOutput.ShouldBe("line-1\nline-2\nline-3\nline-4\nline-5\n");
        all.StandardError.ShouldBe("err-line\n");

        var tail = await CrispCtl.RunAsync(host, "logs", "--tail", "2", id);
        tail.StandardOutput.ShouldBe("line-5\n");
        tail.StandardError.ShouldBe("err-line\n");

        var stamped = await CrispCtl.RunAsync(host, "logs", "--timestamps", "--tail", "1", id);
        stamped.StandardError.ShouldMatch(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d) err-line\n$");
        (await CrispCtl.RunAsync(host, "logs", "--since", "1h", id)).StandardOutput.ShouldContain("line-1");

        await using (var follow = CrispCtl.Start(host, "logs", "-f", id))
        {
            await Eventually.TrueAsync(() => follow.Stdout.Contains("line-5", StringComparison.Ordinal), "logs -f prints what is there");
            follow.HasExited.ShouldBeFalse("logs -f keeps running while the container runs");
            (await host.ExecSyncAsync(id, 10, "touch", "/tmp/go")).ExitCode.ShouldBe(0);
            (await follow.WaitForExitAsync(TimeSpan.FromSeconds(60))).ShouldBe(0);
            follow.Stdout.ShouldEndWith("line-5\nlast-line\n");
        }

        (await CrispCtl.OkAsync(host, "rmp", "-f", "--all")).ShouldContain("Removed sandbox");
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task ExecInteractiveTty_ThroughAPseudoTerminal_RunsTypedCommandsAndReturnsTheExitCode()
    {
        Assert.SkipUnless(File.Exists("/usr/bin/script"), "needs util-linux script for a pseudo-terminal");
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var id = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "tty", ContainerConfigs.UntilTerm));

        var ctl = string.Join(' ', CrispCtl.Args(host, ["exec", "-it", id[..12], "sh"]).Prepend(CrispBinary.Path).Select(a => "'" + a + "'"));
        var start = new ProcessStartInfo("script", ["-qec", ctl, "/dev/null"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var script = Process.Start(start)!;
        var output = script.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = script.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await script.StandardInput.WriteAsync("echo tty-$((6*7)); [ -t 0 ] && echo stdin-is-a-tty\nexit 5\n".AsMemory(), TestContext.Current.CancellationToken);
        await script.StandardInput.FlushAsync(TestContext.Current.CancellationToken);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            try
            {
                await script.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                script.Kill(entireProcessTree: true);
                await script.WaitForExitAsync(CancellationToken.None);
                throw new TimeoutException($"exec -it did not end: {await output} {await errors}");
            }
        }

        var text = await output;
        script.ExitCode.ShouldBe(5, text + await errors);
        text.ShouldContain("tty-42");
        text.ShouldContain("stdin-is-a-tty");

        await StreamingExecTests.RemovePodAsync(host, pod);
        host.ShouldHaveNoLeftovers();
    }

    [Theory]
    [InlineData("spdy")]
    [InlineData("websocket")]
    public async Task Attach_WithStdin_FeedsTheContainerAndEndsWithIt(string transport)
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var config = ContainerConfigs.Shell(host.Busybox, "reader", "read line; echo attached-$line");
        config.Stdin = true;
        var id = await host.RunContainerAsync(pod, config);

        var attach = await CrispCli.RunAsync(CrispCtl.Args(host, ["attach", "-i", "--transport", transport, id[..12]]), standardInput: "x\n");

        attach.ExitCode.ShouldBe(0, attach.ToString());
        attach.StandardOutput.ShouldBe("attached-x\n");
        (await host.WaitForExitAsync(id)).ExitCode.ShouldBe(0);
        await StreamingExecTests.RemovePodAsync(host, pod);
        host.ShouldHaveNoLeftovers();
    }

    [Theory]
    [InlineData("spdy")]
    [InlineData("websocket")]
    public async Task PortForward_ToHttpdInThePod_ServesOnALocalPort(string transport)
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        var id = await host.RunContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, "httpd", "mkdir -p /www && echo pf-ok > /www/index.html && exec httpd -f -p 8080 -h /www"));
        await Eventually.TrueAsync(
            async () => (await host.ExecSyncAsync(id, 10, "wget", "-q", "-O", "-", "http://127.0.0.1:8080/")).Stdout.ToStringUtf8() == "pf-ok\n",
            "httpd serves on 8080",
            TimeSpan.FromSeconds(30));

        await using (var forward = CrispCtl.Start(host, "port-forward", "--transport", transport, pod.Id[..12], "0:8080"))
        {
            await Eventually.TrueAsync(() => Forwarding().IsMatch(forward.Stdout) || forward.HasExited, "port-forward listens");
            var match = Forwarding().Match(forward.Stdout);
            match.Success.ShouldBeTrue($"{forward.Stdout} {forward.Stderr}");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            for (var i = 0; i < 2; i++)
            {
                (await http.GetStringAsync($"http://127.0.0.1:{match.Groups[1].Value}/", TestContext.Current.CancellationToken)).ShouldBe("pf-ok\n");
            }
        }

        await StreamingExecTests.RemovePodAsync(host, pod);
        host.ShouldHaveNoLeftovers();
    }

    [GeneratedRegex(@"Forwarding from 127\.0\.0\.1:(\d+) -> 8080")]
    private static partial Regex Forwarding();
}

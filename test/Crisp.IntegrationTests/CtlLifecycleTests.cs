using System.Text.Json;
using Crisp.IntegrationTests.Harness;
using Crisp.IntegrationTests.Harness.Pods;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>
/// The seed 004 walkthrough through <c>crisp ctl</c>: runp (JSON and camelCase YAML), pods and its filters, inspectp,
/// create, start, ps, inspect, exec (sync and streaming, exit codes), stop, rm, stopp/rmp; short id prefixes.
/// </summary>
public sealed class CtlLifecycleTests
{
    [Fact]
    public async Task PodsAndContainers_SeedWalkthrough_WorksWithPrefixesAndFilters()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var podJson = CtlFiles.PodJson(host, "nginx-sandbox");
        var podYaml = CtlFiles.PodYaml(host, "yaml-sandbox", "ctl-ns");

        var pod1 = (await CrispCtl.OkAsync(host, "runp", podJson)).Trim();
        var pod2 = (await CrispCtl.OkAsync(host, "runp", podYaml)).Trim();
        pod1.ShouldMatch("^[0-9a-f]{64}$");
        pod2.ShouldMatch("^[0-9a-f]{64}$");

        var pod1Short = pod1[..13];
        var pods = (await CrispCtl.OkAsync(host, "pods")).Split('\n');
        pods[0].ShouldMatch("^POD ID +CREATED +STATE +NAME +NAMESPACE +ATTEMPT +RUNTIME$");
        pods.ShouldContain(l => l.StartsWith(pod1Short + " ", StringComparison.Ordinal) && l.Contains("Ready", StringComparison.Ordinal) && l.Contains("nginx-sandbox", StringComparison.Ordinal));
        (await CrispCtl.OkAsync(host, "pods", "--name", "yaml", "-q")).Trim().ShouldBe(pod2);
        (await CrispCtl.OkAsync(host, "pods", "--namespace", "ctl-ns", "-q")).Trim().ShouldBe(pod2);
        (await CrispCtl.OkAsync(host, "pods", "--label", "app=web", "-q")).Trim().ShouldBe(pod2);
        (await CrispCtl.OkAsync(host, "pods", "--state", "notready", "-q")).Trim().ShouldBeEmpty();
        (await CrispCtl.OkAsync(host, "pods", "--state", "ready", "-q")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().ShouldBe(new[] { pod1, pod2 }.Order());
        using (var list = JsonDocument.Parse(await CrispCtl.OkAsync(host, "pods", "-o", "json")))
        {
            list.RootElement.GetProperty("items").GetArrayLength().ShouldBe(2);
        }

        using (var inspect = JsonDocument.Parse(await CrispCtl.OkAsync(host, "inspectp", pod2[..10])))
        {
            var status = inspect.RootElement.GetProperty("status");
            status.GetProperty("id").GetString().ShouldBe(pod2);
            status.GetProperty("metadata").GetProperty("namespace").GetString().ShouldBe("ctl-ns");
            status.GetProperty("state").GetString().ShouldBe("SANDBOX_READY");
        }

        (await CrispCtl.OkAsync(host, "inspectp", "-o", "yaml", pod1)).ShouldContain("name: nginx-sandbox");

        var ctr = CtlFiles.ContainerJson(host, "busybox", ContainerConfigs.UntilTerm);
        var id = (await CrispCtl.OkAsync(host, "create", pod1[..12], ctr, podJson)).Trim();
        id.ShouldMatch("^[0-9a-f]{64}$");
        (await CrispCtl.OkAsync(host, "ps", "-q")).ShouldNotContain(id);
        var idShort = id[..13];
        var all = (await CrispCtl.OkAsync(host, "ps", "-a")).Split('\n');
        all[0].ShouldMatch("^CONTAINER +IMAGE +CREATED +STATE +NAME +ATTEMPT +POD ID +POD$");
        all.ShouldContain(l => l.StartsWith(idShort + " ", StringComparison.Ordinal) && l.Contains("Created", StringComparison.Ordinal) && l.EndsWith("nginx-sandbox", StringComparison.Ordinal));

        (await CrispCtl.OkAsync(host, "start", id[..12])).Trim().ShouldBe(id);
        (await CrispCtl.OkAsync(host, "ps", "-q")).Trim().ShouldBe(id);
        (await CrispCtl.OkAsync(host, "ps", "-q", "--pod", pod2)).Trim().ShouldBeEmpty();
        (await CrispCtl.OkAsync(host, "ps", "-q", "--name", "^busy", "--state", "running")).Trim().ShouldBe(id);
        using (var inspect = JsonDocument.Parse(await CrispCtl.OkAsync(host, "inspect", id[..8])))
        {
            inspect.RootElement.GetProperty("status").GetProperty("state").GetString().ShouldBe("CONTAINER_RUNNING");
            inspect.RootElement.GetProperty("info").GetProperty("info").GetProperty("pid").GetInt32().ShouldBeGreaterThan(0);
        }

        var sync = await CrispCtl.RunAsync(host, "exec", "-s", id[..12], "sh", "-c", "echo out-$GREETING; echo err >&2; exit 3");
        sync.ExitCode.ShouldBe(3, sync.ToString());
        sync.StandardOutput.ShouldBe("out-hi\n", "the env from the JSON file is set");
        sync.StandardError.ShouldBe("err\n");

        var streamed = await CrispCtl.RunAsync(host, "exec", id, "sh", "-c", "echo streamed; echo to-stderr >&2; exit 4");
        streamed.ExitCode.ShouldBe(4, streamed.ToString());
        streamed.StandardOutput.ShouldBe("streamed\n");
        streamed.StandardError.ShouldBe("to-stderr\n");

        var overWebSocket = await CrispCli.RunAsync(CrispCtl.Args(host, ["exec", "--transport", "websocket", "-i", id, "sh", "-c", "read line; echo ws-$line; echo ws-err >&2; exit 6"]), standardInput: "hello\n");
        overWebSocket.ExitCode.ShouldBe(6, overWebSocket.ToString());
        overWebSocket.StandardOutput.ShouldBe("ws-hello\n");
        overWebSocket.StandardError.ShouldBe("ws-err\n");

        var piped = await CrispCli.RunAsync(CrispCtl.Args(host, ["exec", "-i", id, "sh", "-c", "read line; echo got-$line"]), standardInput: "hello\n");
        piped.ExitCode.ShouldBe(0, piped.ToString());
        piped.StandardOutput.ShouldBe("got-hello\n");

        var unknown = await CrispCtl.RunAsync(host, "inspect", "zzzz");
        unknown.ExitCode.ShouldBe(1);
        unknown.StandardError.Trim().ShouldBe("crisp ctl: no container with ID starting with \"zzzz\"");

        var stats = await CrispCtl.RunAsync(host, "stats");
        if (stats.ExitCode != 0)
        {
            // Until ListContainerStats is implemented the daemon answers Unimplemented: one clean line.
            stats.StandardError.Trim().ShouldStartWith("crisp ctl: rpc error: code = Unimplemented");
            stats.StandardError.Trim().Split('\n').Length.ShouldBe(1);
        }

        (await CrispCtl.OkAsync(host, "stop", "--timeout", "10", id[..12])).Trim().ShouldBe(id);
        (await CrispCtl.OkAsync(host, "ps", "-a")).ShouldContain("Exited");
        (await CrispCtl.OkAsync(host, "rm", id[..12])).Trim().ShouldBe(id);
        (await CrispCtl.OkAsync(host, "ps", "-aq")).Trim().ShouldBeEmpty();

        (await CrispCtl.OkAsync(host, "stopp", pod1[..12])).Trim().ShouldBe($"Stopped sandbox {pod1}");
        (await CrispCtl.OkAsync(host, "rmp", pod1)).Trim().ShouldBe($"Removed sandbox {pod1}");
        var running = await CrispCtl.RunAsync(host, "rmp", pod2);
        running.ExitCode.ShouldBe(1);
        running.StandardError.ShouldContain("use --force");
        (await CrispCtl.OkAsync(host, "rmp", "--force", pod2)).Trim().ShouldBe($"Removed sandbox {pod2}");
        (await CrispCtl.OkAsync(host, "pods", "-q")).Trim().ShouldBeEmpty();
        host.ShouldHaveNoLeftovers();
    }

    [Fact]
    public async Task Prefixes_SharedByTwoContainers_AreAmbiguousInOneLine()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync();
        var pod = await host.RunPodAsync();
        // 17 ids over 16 hex digits: two of them share their first character.
        var ids = new List<string>();
        for (var i = 0; i < 17; i++)
        {
            ids.Add(await host.CreateContainerAsync(pod, ContainerConfigs.Shell(host.Busybox, $"c{i}", "true")));
        }

        var shared = ids.GroupBy(id => id[0]).First(g => g.Count() > 1).Key.ToString();

        var ambiguous = await CrispCtl.RunAsync(host, "inspect", shared);
        ambiguous.ExitCode.ShouldBe(1, ambiguous.ToString());
        ambiguous.StandardError.Trim().Split('\n').Length.ShouldBe(1);
        ambiguous.StandardError.ShouldStartWith($"crisp ctl: ambiguous container ID prefix \"{shared}\": it matches ");
        ambiguous.StandardError.ShouldNotContain("   at ");
        ambiguous.StandardOutput.ShouldBeEmpty();

        var removed = (await CrispCtl.OkAsync(host, "rm", "--all")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        removed.Order().ShouldBe(ids.Order());
        (await CrispCtl.OkAsync(host, "rmp", "-f", pod.Id)).Trim().ShouldBe($"Removed sandbox {pod.Id}");
        host.ShouldHaveNoLeftovers();
    }
}

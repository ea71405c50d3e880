using System.Text.Json;
using Crisp.IntegrationTests.Harness;
using Crisp.IntegrationTests.Harness.Pods;
using Shouldly;

namespace Crisp.IntegrationTests;

/// <summary>
/// <c>crisp ctl stats</c>, <c>statsp</c>, <c>update</c> and <c>events</c> against the real daemon: the server's stats,
/// resource updates and GetContainerEvents as an operator sees them through the client.
/// </summary>
public sealed class CtlObservabilityTests
{
    [Fact]
    public async Task Stats_update_and_events_show_what_the_daemon_does()
    {
        await using var host = await PodTestHost.StartWithBusyboxAsync(files =>
            File.WriteAllText(Path.Combine(files.ConfigDir, "50-events.conf"), "[crio.runtime]\nenable_pod_events = true\n"));
        var podJson = CtlFiles.PodJson(host, "observed-sandbox");
        await using var events = CrispCtl.Start(host, "events");
        await WaitUntilSubscribedAsync(host, events);

        var pod = (await CrispCtl.OkAsync(host, "runp", podJson)).Trim();
        var ctr = CtlFiles.ContainerJson(host, "busy", "while true; do :; done");
        var id = (await CrispCtl.OkAsync(host, "create", pod, ctr, podJson)).Trim();
        await CrispCtl.OkAsync(host, "start", id);

        using (var stats = JsonDocument.Parse(await CrispCtl.OkAsync(host, "stats", "-o", "json", id[..12])))
        {
            var only = stats.RootElement.GetProperty("stats").EnumerateArray().ShouldHaveSingleItem();
            only.GetProperty("attributes").GetProperty("id").GetString().ShouldBe(id);
            only.GetProperty("memory").GetProperty("workingSetBytes").GetProperty("value").GetString().ShouldNotBeNullOrEmpty();
        }

        var idShort = id[..13];
        var podShort = pod[..13];
        var table = (await CrispCtl.OkAsync(host, "stats")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        table[0].ShouldMatch("^CONTAINER +NAME +CPU % +MEM +DISK +INODES$");
        table.ShouldContain(l => l.StartsWith(idShort + " ", StringComparison.Ordinal) && l.Contains("busy", StringComparison.Ordinal));
        var pods = (await CrispCtl.OkAsync(host, "statsp")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        pods.ShouldContain(l => l.Contains("observed-sandbox", StringComparison.Ordinal) && l.Contains(podShort, StringComparison.Ordinal));

        await CrispCtl.OkAsync(host, "update", "--memory", "96m", id[..12]);
        using (var inspect = JsonDocument.Parse(await CrispCtl.OkAsync(host, "inspect", id)))
        {
            inspect.RootElement.GetProperty("status").GetProperty("resources").GetProperty("linux")
                .GetProperty("memoryLimitInBytes").GetString().ShouldBe((96L << 20).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await CrispCtl.OkAsync(host, "stop", "--timeout", "0", id);
        await CrispCtl.OkAsync(host, "rm", id);

        var expected = new[] { "CONTAINER_CREATED_EVENT", "CONTAINER_STARTED_EVENT", "CONTAINER_STOPPED_EVENT", "CONTAINER_DELETED_EVENT" };
        await Eventually.TrueAsync(() => EventTypes(events.Stdout, id).Count >= expected.Length, "the container's four events", TimeSpan.FromSeconds(30));
        EventTypes(events.Stdout, id).ShouldBe(expected);

        await CrispCtl.OkAsync(host, "stopp", pod);
        await CrispCtl.OkAsync(host, "rmp", pod);
    }

    /// <summary>
    /// The events command has subscribed once an event it could only see as a subscriber arrives: run throwaway pods
    /// until one of them shows up in its output.
    /// </summary>
    private static async Task WaitUntilSubscribedAsync(PodTestHost host, RunningCtl events)
    {
        for (var attempt = 0; attempt < 30; attempt++)
        {
            var probe = (await CrispCtl.OkAsync(host, "runp", CtlFiles.PodJson(host, $"probe-{attempt}"))).Trim();
            var seen = false;
            for (var i = 0; i < 20 && !seen; i++)
            {
                await Task.Delay(50, TestContext.Current.CancellationToken);
                seen = events.Stdout.Contains(probe, StringComparison.Ordinal);
            }

            await CrispCtl.OkAsync(host, "stopp", probe);
            await CrispCtl.OkAsync(host, "rmp", probe);
            if (seen)
            {
                return;
            }

            events.HasExited.ShouldBeFalse($"crisp ctl events ended: {events.Stderr}");
        }

        throw new TimeoutException($"crisp ctl events never showed an event:\n{events.Stdout}\n{events.Stderr}");
    }

    /// <summary>The event types for one container id, in the order the command printed them (one JSON document each).</summary>
    private static List<string> EventTypes(string output, string id)
    {
        var types = new List<string>();
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(output), new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    continue;
                }

                using var document = JsonDocument.ParseValue(ref reader);
                var root = document.RootElement;
                if (root.TryGetProperty("containerId", out var cid) && cid.GetString() == id)
                {
                    types.Add(root.GetProperty("containerEventType").GetString()!);
                }
            }
        }
        catch (JsonException)
        {
            // The last document is still being written: the ones before it are complete.
        }

        return types;
    }
}

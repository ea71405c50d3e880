using System.Diagnostics;
using Crisp.Bench.Infrastructure;
using Crisp.Bench.Lifecycle.Daemons;
using Runtime.V1;

namespace Crisp.Bench.Lifecycle.Phases;

/// <summary>After the socket answered: how much longer until Status reports RuntimeReady and NetworkReady.</summary>
internal static class Readiness
{
    public static async Task<TimeSpan> UntilStatusReadyAsync(ICriDaemon daemon, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        string last = "";
        while (clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            var status = await daemon.Runtime.StatusAsync(new StatusRequest(), deadline: DateTime.UtcNow.AddSeconds(10), cancellationToken: ct);
            var conditions = status.Status?.Conditions ?? [];
            if (IsTrue(conditions, "RuntimeReady") && IsTrue(conditions, "NetworkReady"))
            {
                return clock.Elapsed;
            }

            last = string.Join(", ", conditions.Select(c => $"{c.Type}={c.Status} {c.Reason} {c.Message}".Trim()));
            await Task.Delay(5, ct);
        }

        throw new BenchException($"{daemon.Spec.Name} did not report RuntimeReady and NetworkReady within 30 s: {last}");
    }

    private static bool IsTrue(IEnumerable<RuntimeCondition> conditions, string type) => conditions.Any(c => c.Type == type && c.Status);
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crisp.Bench.Pull;

namespace Crisp.Bench.Lifecycle.Report;

/// <summary>What bench/results/lifecycle-&lt;timestamp&gt;.json holds.</summary>
internal sealed record LifecycleReport(
    string Benchmark,
    DateTimeOffset Timestamp,
    MachineInfo Machine,
    LifecycleVersions Versions,
    LifecycleSettingsUsed Settings,
    IReadOnlyList<ContestantReport> Contestants,
    IReadOnlyList<TableRow> Table,
    IReadOnlyList<string> Notes,
    IReadOnlyList<string> Regressions,
    string? ComparedWith);

internal sealed record LifecycleVersions(string? GitRevision, string? Containerd, string? Runc, string? Conmon, string? CniPlugins, string Dotnet);

internal sealed record LifecycleSettingsUsed(int Lifecycles, int Warmup, int Concurrency, int Rounds, int ListContainers, int ContainersPerPod,
    int ListCalls, int Starts, bool Quick, string LogLevel, string WorkDirectory, string Registry, long UncachedLayerBytes, string Workload,
    string Order);

/// <summary>One line of the printed table: the value per contestant and each crisp row's ratio to containerd.</summary>
internal sealed record TableRow(string Key, string Label, string Unit, bool HigherIsBetter, IReadOnlyDictionary<string, double> Values,
    IReadOnlyDictionary<string, double> RatiosToContainerd);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(LifecycleReport))]
internal sealed partial class LifecycleReportJsonContext : JsonSerializerContext
{
    /// <summary>Indented JSON that keeps quotes, '&amp;' and '+' readable (commands, descriptions).</summary>
    public static string Serialize(LifecycleReport report) => JsonSerializer.Serialize(report, Relaxed().LifecycleReport);

    public static LifecycleReport? Deserialize(string json) => JsonSerializer.Deserialize(json, Relaxed().LifecycleReport);

    private static LifecycleReportJsonContext Relaxed() =>
        new(new JsonSerializerOptions(Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}

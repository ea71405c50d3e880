using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Crisp.Bench.Infrastructure;
using Crisp.Bench.Registry;

namespace Crisp.Bench.Pull;

/// <summary>What bench/results/pull-&lt;timestamp&gt;.json holds.</summary>
internal sealed record PullReport(
    string Benchmark,
    DateTimeOffset Timestamp,
    MachineInfo Machine,
    ToolVersions Versions,
    PullSettingsUsed Settings,
    IReadOnlyList<ScenarioReport> Scenarios);

/// <summary>One image pulled by both contestants for every iteration.</summary>
internal sealed record ScenarioReport(
    string Name,
    string Description,
    string PeerCommand,
    ImageInfo Image,
    PullResults Results,
    PullRatios Ratios,
    IReadOnlyList<CrispSample> CrispIterations,
    IReadOnlyList<PeerSample> PeerIterations,
    FileCounts? FileCounts,
    IReadOnlyList<string> Notes);

internal sealed record MachineInfo(string Kernel, int Cpus, long MemoryMib, string LoadAverageBefore, string LoadAverageAfter);

internal sealed record ToolVersions(string? Crisp, string? GitRevision, string? Skopeo, string? Umoci, string? DockerRegistry, string Dotnet);

internal sealed record PullSettingsUsed(int Iterations, bool Warmup, string DaemonLogLevel, string WorkDirectory, string CrispExecutable,
    string Order, string ColdState);

internal sealed record LayerInfo(string MediaType, string Digest, string DiffId, long CompressedBytes, long UncompressedBytes, int Entries);

internal sealed record ImageInfo(string Reference, string Digest, string Id, IReadOnlyList<LayerInfo> Layers, long CompressedBytes,
    long UncompressedBytes, long ManifestAndConfigBytes);

internal sealed record PullResults(Summary Crisp, Summary SkopeoCopy, Summary UmociUnpack, Summary SkopeoPlusUmoci, Summary CrispDaemonStart,
    Summary? CrispWarmupPull);

internal sealed record PullRatios(double CrispOverSkopeoPlusUmoci, double CrispOverSkopeoCopy, string Summary);

internal sealed record CrispSample(int Iteration, double PullMs, double DaemonStartMs, double? WarmupPullMs, string ImageRef, RegistryTraffic Traffic);

internal sealed record PeerSample(int Iteration, double SkopeoCopyMs, double UmociUnpackMs, double TotalMs, RegistryTraffic Traffic);

internal sealed record FileCounts(TreeCount Crisp, TreeCount Umoci, string CrispTree, string UmociTree);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(PullReport))]
internal sealed partial class PullReportJsonContext : JsonSerializerContext
{
    /// <summary>Indented JSON that keeps '+', '&amp;', quotes and backticks readable (media types, commands).</summary>
    public static string Serialize(PullReport report)
    {
        var options = new JsonSerializerOptions(Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return JsonSerializer.Serialize(report, new PullReportJsonContext(options).PullReport);
    }
}

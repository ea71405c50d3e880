using Crisp.Bench.Lifecycle.Phases;

namespace Crisp.Bench.Lifecycle.Report;

/// <summary>Everything measured for one contestant (a row of the table), as stored in the JSON.</summary>
internal sealed record ContestantReport(
    string Name,
    string Runtime,
    string Build,
    string Executable,
    string Description,
    bool InfraContainer,
    string? Version,
    string? Skipped,
    string? Failure,
    StartupReport? Startup,
    MemoryReport? Memory,
    IReadOnlyDictionary<string, Latency> Operations,
    double? ColdLifecycleMs,
    ConcurrencyReport? Concurrency,
    ListReport? List,
    IReadOnlyList<RpcFailure> Failures,
    IReadOnlyList<string> Leaks,
    IReadOnlyList<string> Cleanup,
    IReadOnlyList<string> DaemonErrorLines,
    IReadOnlyList<Figure> Figures)
{
    public static ContestantReport NotRun(ContestantSpec spec, string reason) => new(spec.Name, spec.Kind.ToString().ToLowerInvariant(), spec.Build,
        spec.Executable, spec.Description, spec.InfraContainer, null, reason, null, null, null, new Dictionary<string, Latency>(), null, null, null,
        [], [], [], [], []);
}

/// <summary>One number of the table: a stable key (for the regression check), a label, its unit and which way is better.</summary>
internal sealed record Figure(string Key, string Label, string Unit, bool HigherIsBetter, double Value);

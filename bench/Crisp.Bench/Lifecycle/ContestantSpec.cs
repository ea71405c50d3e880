namespace Crisp.Bench.Lifecycle;

internal enum RuntimeKind
{
    Crisp,
    Containerd,
}

/// <summary>
/// One row of the comparison: which daemon, which build, whether pods without a shared PID namespace still get a pause
/// container, and the CNI bridge and subnet of its own (bridge names are at most 15 characters).
/// </summary>
internal sealed record ContestantSpec(string Name, RuntimeKind Kind, string Build, string Executable, bool InfraContainer, string Bridge,
    string SubnetPrefix, string Description)
{
    public const string Containerd = "containerd";
    public const string CrispJit = "crisp-jit";
    public const string CrispAot = "crisp-aot";
    public const string CrispJitInfra = "crisp-jit-infra";

    public static readonly IReadOnlyList<string> AllNames = [Containerd, CrispJit, CrispAot, CrispJitInfra];

    /// <summary>The CNI network name (also the prefix of libcni's cached results, and portmap's rule comments).</summary>
    public string NetworkName => "lcbench-" + Name;

    /// <summary>The per-container monitor process: conmon for crisp (one per container), the runc v2 shim for containerd (one per pod).</summary>
    public string MonitorName => Kind == RuntimeKind.Crisp ? "conmon" : "containerd-shim-runc-v2";

    public static ContestantSpec ForContainerd(string executable) => new(Containerd, RuntimeKind.Containerd, "go", executable, InfraContainer: true,
        "ctrdbench0", "10.234.4", "Debian's containerd 1.6 with its CRI plugin; every pod has a pause container (always)");

    public static ContestantSpec ForCrispJit(string executable) => new(CrispJit, RuntimeKind.Crisp, "jit", executable, InfraContainer: false,
        "crispbench0", "10.234.1", "crisp, framework-dependent (JIT), shipped defaults: drop_infra_ctr = true, so these pods have no pause container");

    public static ContestantSpec ForCrispAot(string executable) => new(CrispAot, RuntimeKind.Crisp, "aot", executable, InfraContainer: false,
        "crispbench1", "10.234.2", "crisp, Native AOT (dotnet publish -r linux-x64 -p:PublishAot=true), drop_infra_ctr = true");

    public static ContestantSpec ForCrispJitInfra(string executable) => new(CrispJitInfra, RuntimeKind.Crisp, "jit", executable, InfraContainer: true,
        "crispbench2", "10.234.3", "fairness row: crisp JIT with drop_infra_ctr = false, so every pod has a pause container as with containerd");
}

using System.Globalization;
using Crisp.Bench.Infrastructure;

namespace Crisp.Bench.Lifecycle;

/// <summary>The lifecycle benchmark's command line.</summary>
internal sealed record LifecycleOptions
{
    public const string Usage = """
        crisp-bench lifecycle: drive crisp and containerd 1.6 (CRI plugin) through the same CRI calls and compare.

        usage: Crisp.Bench lifecycle [options]     (as root; bench/run-lifecycle.sh builds everything and runs this)

          --lifecycles N        timed pod lifecycles per runtime (default 30)
          --warmup N            untimed lifecycles first (default 2; the first one is reported as "cold")
          --concurrency N       pods started at once in the throughput phase (default 10)
          --rounds N            rounds of the throughput phase (default 3)
          --list-containers N   containers present while ListContainers/ListPodSandbox are timed (default 200)
          --containers-per-pod N  how those containers are grouped into pods (default 10)
          --list-calls N        timed calls of each list RPC (default 50)
          --starts N            extra daemon starts for the exec-to-socket-ready time (default 5)
          --quick               smoke run: 3 lifecycles, 1 warm-up, 1 round of 4 pods, 20 containers, 10 list calls, 1 start
          --crisp PATH          the framework-dependent (JIT) crisp executable
          --crisp-aot PATH      the Native AOT crisp executable ("" = skip that row)
          --aot-note TEXT       why there is no AOT row (printed and stored)
          --no-infra-row        skip the fairness row (crisp JIT with drop_infra_ctr = false)
          --only NAMES          comma-separated subset of: containerd, crisp-jit, crisp-aot, crisp-jit-infra
          --containerd PATH     the containerd executable (default /usr/bin/containerd)
          --workdir DIR         scratch directory, removed afterwards (default /var/tmp/crisp-lc)
          --results DIR         where lifecycle-<timestamp>.json/.png go (default: the repository's bench/results)
          --no-plot             do not draw the PNG
          --log-level LEVEL     both daemons' log level (default info)
          -h, --help            this text
        """;

    public int Lifecycles { get; init; } = 30;

    public int Warmup { get; init; } = 2;

    public int Concurrency { get; init; } = 10;

    public int Rounds { get; init; } = 3;

    public int ListContainers { get; init; } = 200;

    public int ContainersPerPod { get; init; } = 10;

    public int ListCalls { get; init; } = 50;

    public int Starts { get; init; } = 5;

    public bool Quick { get; init; }

    public string? CrispExecutable { get; init; }

    public string? CrispAotExecutable { get; init; }

    public string? AotNote { get; init; }

    public bool InfraRow { get; init; } = true;

    public IReadOnlyList<string>? Only { get; init; }

    public string ContainerdExecutable { get; init; } = "/usr/bin/containerd";

    public string WorkDirectory { get; init; } = "/var/tmp/crisp-lc";

    public string? ResultsDirectory { get; init; }

    public bool Plot { get; init; } = true;

    public string LogLevel { get; init; } = "info";

    public bool Help { get; init; }

    public static LifecycleOptions Parse(IReadOnlyList<string> args)
    {
        var options = new LifecycleOptions();
        var explicitSizes = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new BenchException($"{arg} needs a value\n\n{Usage}");
            int Count(bool zeroAllowed = false)
            {
                explicitSizes.Add(arg);
                return Number(Value(), arg, zeroAllowed);
            }

            options = arg switch
            {
                "--lifecycles" or "-n" => options with { Lifecycles = Count() },
                "--warmup" => options with { Warmup = Count(zeroAllowed: true) },
                "--concurrency" => options with { Concurrency = Count() },
                "--rounds" => options with { Rounds = Count() },
                "--list-containers" => options with { ListContainers = Count() },
                "--containers-per-pod" => options with { ContainersPerPod = Count() },
                "--list-calls" => options with { ListCalls = Count() },
                "--starts" => options with { Starts = Count(zeroAllowed: true) },
                "--quick" => options with { Quick = true },
                "--crisp" => options with { CrispExecutable = Value() },
                "--crisp-aot" => options with { CrispAotExecutable = Value() },
                "--aot-note" => options with { AotNote = Value() },
                "--no-infra-row" => options with { InfraRow = false },
                "--only" => options with { Only = ContestantNames(Value()) },
                "--containerd" => options with { ContainerdExecutable = Value() },
                "--workdir" => options with { WorkDirectory = Value() },
                "--results" => options with { ResultsDirectory = Value() },
                "--no-plot" => options with { Plot = false },
                "--log-level" => options with { LogLevel = Value() },
                "-h" or "--help" => options with { Help = true },
                _ => throw new BenchException($"unknown argument {arg}\n\n{Usage}"),
            };
        }

        return options.Quick ? options.QuickSizes(explicitSizes) : options;
    }

    /// <summary>The smoke-run sizes, except where the command line gave a size itself.</summary>
    private LifecycleOptions QuickSizes(HashSet<string> given) => this with
    {
        Lifecycles = given.Contains("--lifecycles") || given.Contains("-n") ? Lifecycles : 3,
        Warmup = given.Contains("--warmup") ? Warmup : 1,
        Concurrency = given.Contains("--concurrency") ? Concurrency : 4,
        Rounds = given.Contains("--rounds") ? Rounds : 1,
        ListContainers = given.Contains("--list-containers") ? ListContainers : 20,
        ContainersPerPod = given.Contains("--containers-per-pod") ? ContainersPerPod : 5,
        ListCalls = given.Contains("--list-calls") ? ListCalls : 10,
        Starts = given.Contains("--starts") ? Starts : 1,
    };

    private static IReadOnlyList<string> ContestantNames(string text)
    {
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var name in names)
        {
            if (!ContestantSpec.AllNames.Contains(name, StringComparer.Ordinal))
            {
                throw new BenchException($"--only takes {string.Join(", ", ContestantSpec.AllNames)}, not '{name}'");
            }
        }

        return names;
    }

    private static int Number(string text, string name, bool zeroAllowed) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && (value > 0 || (zeroAllowed && value == 0))
            ? value
            : throw new BenchException($"{name} needs a {(zeroAllowed ? "non-negative" : "positive")} number, not '{text}'");
}

using System.Globalization;
using Crisp.Bench.Infrastructure;

namespace Crisp.Bench.Pull;

/// <summary>The pull benchmark's command line.</summary>
internal sealed record PullOptions
{
    public const string Usage = """
        crisp-bench pull: time crisp's PullImage against skopeo copy + umoci unpack, on a local docker-registry.

        usage: Crisp.Bench [pull] [options]        (as root; bench/run-pull.sh builds everything and runs this)

          --iterations N      cold pulls per contestant (default 5)
          --crisp PATH        the crisp executable (default: $CRISP_BINARY, else the repository's Release build)
          --workdir DIR       scratch directory, removed afterwards (default /var/tmp/crisp-bench)
          --results DIR       where pull-<timestamp>.json goes (default: the repository's bench/results)
          --scenario S        mixed (4 gzip layers + 1 zstd; umoci 0.4.7 cannot read zstd, so skopeo recompresses
                              that layer as gzip), gzip (the same image, all gzip: the peer's natural pipeline,
                              like for like), or all (default)
          --no-warmup         do not warm each fresh daemon up with a small unrelated pull before the timed one
          --log-level LEVEL   the daemon's log_level (default info, CRI-O's default)
          -h, --help          this text
        """;

    public int Iterations { get; init; } = 5;

    public string? CrispExecutable { get; init; }

    public string WorkDirectory { get; init; } = "/var/tmp/crisp-bench";

    public string? ResultsDirectory { get; init; }

    public string Scenario { get; init; } = "all";

    public bool Warmup { get; init; } = true;

    public string LogLevel { get; init; } = "info";

    public bool Help { get; init; }

    public static PullOptions Parse(IReadOnlyList<string> args)
    {
        var options = new PullOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new BenchException($"{arg} needs a value\n\n{Usage}");
            options = arg switch
            {
                "pull" when i == 0 => options,
                "--iterations" or "-n" => options with { Iterations = PositiveInt(Value(), arg) },
                "--crisp" => options with { CrispExecutable = Value() },
                "--workdir" => options with { WorkDirectory = Value() },
                "--results" => options with { ResultsDirectory = Value() },
                "--scenario" => options with { Scenario = OneOf(Value(), arg, "all", "mixed", "gzip") },
                "--no-warmup" => options with { Warmup = false },
                "--log-level" => options with { LogLevel = Value() },
                "-h" or "--help" => options with { Help = true },
                _ => throw new BenchException($"unknown argument {arg}\n\n{Usage}"),
            };
        }

        return options;
    }

    private static string OneOf(string text, string name, params string[] allowed) =>
        allowed.Contains(text, StringComparer.Ordinal) ? text : throw new BenchException($"{name} is one of {string.Join(", ", allowed)}, not '{text}'");

    private static int PositiveInt(string text, string name) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new BenchException($"{name} needs a positive number, not '{text}'");
}

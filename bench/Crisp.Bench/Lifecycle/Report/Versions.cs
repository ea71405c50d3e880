using Crisp.Bench.Infrastructure;
using Crisp.Bench.Lifecycle.Host;

namespace Crisp.Bench.Lifecycle.Report;

/// <summary>The versions of what was measured and what it ran on.</summary>
internal static class Versions
{
    public static async Task<LifecycleVersions> CollectAsync(string? repository, string containerd, CancellationToken ct) => new(
        repository is null ? null : await GitRevisionAsync(repository, ct),
        await FirstLineAsync(containerd, ["--version"], ct),
        await FirstLineAsync("runc", ["--version"], ct),
        await FirstLineAsync("conmon", ["--version"], ct),
        await FirstLineAsync("dpkg-query", ["-W", "-f", "${Version}", "containernetworking-plugins"], ct),
        Environment.Version.ToString());

    private static async Task<string?> FirstLineAsync(string tool, string[] args, CancellationToken ct)
    {
        var run = await Command.RunAsync(tool, args, ct);
        return run.ExitCode == 0 ? run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() : null;
    }

    private static async Task<string?> GitRevisionAsync(string repository, CancellationToken ct)
    {
        var head = await Command.RunAsync("git", ["-C", repository, "rev-parse", "--short", "HEAD"], ct);
        if (head.ExitCode != 0)
        {
            return null;
        }

        var status = await Command.RunAsync("git", ["-C", repository, "status", "--porcelain", "--untracked-files=no"], ct);
        return head.Output.Trim() + (status.ExitCode == 0 && status.Output.Trim().Length > 0 ? "-dirty" : "");
    }
}

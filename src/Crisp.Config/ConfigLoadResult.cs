namespace Crisp.Config;

/// <summary>What <see cref="ConfigLoader"/> produced.</summary>
/// <param name="Config">The merged configuration (not yet validated).</param>
/// <param name="Warnings">Unknown or ignored keys, each with its file and dotted key.</param>
/// <param name="Files">The files read, in the order they were applied.</param>
/// <param name="Origins">Dotted key → the file (or "command line") that last set it.</param>
public sealed record ConfigLoadResult(
    CrispConfig Config,
    IReadOnlyList<ConfigIssue> Warnings,
    IReadOnlyList<string> Files,
    IReadOnlyDictionary<string, string> Origins);

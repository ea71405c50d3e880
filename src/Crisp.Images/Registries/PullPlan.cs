using Crisp.Images.References;

namespace Crisp.Images.Registries;

/// <summary>The result of resolving a pull request: candidates in order, each with its sources in order.</summary>
public sealed record PullPlan(ImageReference Requested, PullResolution Resolution, IReadOnlyList<PullCandidate> Candidates, string Description)
{
    /// <summary>Every source of every candidate, in the order to try them.</summary>
    public IReadOnlyList<PullSource> Sources => [.. Candidates.SelectMany(c => c.Sources)];
}

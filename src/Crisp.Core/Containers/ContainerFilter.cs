namespace Crisp.Core.Containers;

/// <summary>
/// ListContainers' filter: an id and a pod sandbox id (each the full id or a unique prefix, as CRI-O's id indexes
/// resolve them; an ambiguous prefix matches nothing), a state, and labels that must all be present with the given values.
/// </summary>
public sealed record ContainerFilter
{
    public string? Id { get; init; }

    public string? SandboxId { get; init; }

    public ContainerState? State { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The containers of <paramref name="all"/> that match, in the given order.</summary>
    public IReadOnlyList<Container> Apply(IReadOnlyList<Container> all)
    {
        IEnumerable<Container> result = all;
        if (!string.IsNullOrEmpty(Id))
        {
            result = Resolve(all, Id, c => c.Id);
        }

        if (!string.IsNullOrEmpty(SandboxId))
        {
            var pods = all.Select(c => c.SandboxId).Distinct(StringComparer.Ordinal).ToList();
            var exact = pods.Contains(SandboxId, StringComparer.Ordinal) ? [SandboxId] : pods.Where(p => p.StartsWith(SandboxId, StringComparison.Ordinal)).ToList();
            var pod = exact.Count == 1 ? exact[0] : null;
            result = result.Where(c => c.SandboxId == pod);
        }

        return [.. result.Where(Matches)];
    }

    private static IEnumerable<Container> Resolve(IReadOnlyList<Container> all, string idOrPrefix, Func<Container, string> key)
    {
        var exact = all.Where(c => key(c) == idOrPrefix).ToList();
        var byPrefix = exact.Count > 0 ? exact : all.Where(c => key(c).StartsWith(idOrPrefix, StringComparison.Ordinal)).ToList();
        return byPrefix.Count == 1 ? byPrefix : [];
    }

    private bool Matches(Container container) =>
        (State is not { } state || container.State == state)
        && Labels.All(l => container.Labels.TryGetValue(l.Key, out var value) && value == l.Value);
}

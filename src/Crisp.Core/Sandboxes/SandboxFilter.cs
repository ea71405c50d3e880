namespace Crisp.Core.Sandboxes;

/// <summary>
/// ListPodSandbox's filter: an id (the full id or a unique prefix, as CRI-O's id index resolves it; an ambiguous
/// prefix matches nothing), a state, and labels that must all be present with the given values.
/// </summary>
public sealed record SandboxFilter
{
    public string? Id { get; init; }

    public SandboxState? State { get; init; }

    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();

    /// <summary>The sandboxes of <paramref name="all"/> (each id once) that match, in the given order.</summary>
    public IReadOnlyList<Sandbox> Apply(IReadOnlyList<Sandbox> all)
    {
        IEnumerable<Sandbox> result = all;
        if (!string.IsNullOrEmpty(Id))
        {
            var exact = all.Where(s => s.Id == Id).ToList();
            var byPrefix = exact.Count > 0 ? exact : all.Where(s => s.Id.StartsWith(Id, StringComparison.Ordinal)).ToList();
            result = byPrefix.Count == 1 ? byPrefix : [];
        }

        return [.. result.Where(Matches)];
    }

    private bool Matches(Sandbox sandbox) =>
        (State is not { } state || sandbox.State == state)
        && Labels.All(l => sandbox.Labels.TryGetValue(l.Key, out var value) && value == l.Value);
}

using Crisp.Core.Sandboxes;

namespace Crisp.Core.State;

/// <summary>Pod sandboxes, persisted as <c>&lt;root&gt;/sandboxes/&lt;id&gt;/state.json</c>.</summary>
public sealed class SandboxStore(string root)
    : RecordStore<Sandbox>(Path.Combine(root, DirectoryName), StateJsonContext.Default.Sandbox)
{
    public const string DirectoryName = "sandboxes";

    /// <summary>
    /// The sandbox with this id or unique id prefix, not counting sandboxes still being created. Null when there
    /// is none; a <see cref="SandboxException"/> for an empty id or a prefix that matches several.
    /// </summary>
    public Sandbox? Lookup(string idOrPrefix)
    {
        if (string.IsNullOrEmpty(idOrPrefix))
        {
            throw SandboxException.Invalid("PodSandboxId should not be empty");
        }

        if (Get(idOrPrefix) is { } exact)
        {
            return exact.State == SandboxState.Creating ? null : exact;
        }

        var matches = FindByPrefix(idOrPrefix).Where(s => s.State != SandboxState.Creating).ToList();
        return matches.Count switch
        {
            0 => null,
            1 => matches[0],
            _ => throw new SandboxException(SandboxErrorKind.Ambiguous, $"pod sandbox id prefix \"{idOrPrefix}\" matches {matches.Count} sandboxes"),
        };
    }

    protected override string IdOf(Sandbox record) => record.Id;

    protected override long CreatedAtOf(Sandbox record) => record.CreatedAt;

    protected override bool IsValidId(string id) => SandboxIds.IsValid(id);
}

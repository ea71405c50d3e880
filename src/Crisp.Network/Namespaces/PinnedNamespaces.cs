namespace Crisp.Network.Namespaces;

/// <summary>The bind-mounted namespace files of one pod; a path is null when that namespace was not created.</summary>
public sealed record PinnedNamespaces(string Name, string? NetworkPath, string? IpcPath, string? UtsPath)
{
    /// <summary>Every pinned path.</summary>
    public IEnumerable<string> Paths => new[] { NetworkPath, IpcPath, UtsPath }.OfType<string>();
}

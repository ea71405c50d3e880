using Crisp.Core.Containers;
using Crisp.Core.Sandboxes;

namespace Crisp.Core.State;

/// <summary>Containers, persisted as <c>&lt;root&gt;/containers/&lt;id&gt;/state.json</c>.</summary>
public sealed class ContainerStore(string root)
    : RecordStore<Container>(Path.Combine(root, DirectoryName), StateJsonContext.Default.Container)
{
    public const string DirectoryName = "containers";

    protected override string IdOf(Container record) => record.Id;

    protected override long CreatedAtOf(Container record) => record.CreatedAt;

    protected override bool IsValidId(string id) => SandboxIds.IsValid(id);
}

using Crisp.Core.Sandboxes;

namespace Crisp.Core.State;

/// <summary>What <see cref="SandboxStore.Load"/> found on disk.</summary>
/// <param name="Sandboxes">Sandboxes whose state file was read (including ones still marked creating).</param>
/// <param name="Broken">Sandbox ids with a directory but no readable state file, each with the reason.</param>
public sealed record SandboxStoreLoad(IReadOnlyList<Sandbox> Sandboxes, IReadOnlyList<(string Id, string Reason)> Broken);

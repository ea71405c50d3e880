using Crisp.Images.References;

namespace Crisp.Images.Registries;

/// <summary>One fully-qualified name a (possibly short) request resolved to, with the ordered places to pull it from.</summary>
public sealed record PullCandidate(ImageReference Reference, IReadOnlyList<PullSource> Sources);

namespace Crisp.Core.Sandboxes;

/// <summary>The CRI metadata of a pod sandbox: which pod, and which attempt at running it.</summary>
public sealed record SandboxMetadata(string Name, string Uid, string Namespace, uint Attempt);

namespace Crisp.Images.Policy;

/// <summary>The outcome of checking an image against policy.json.</summary>
/// <param name="Allowed">True when the image may be pulled.</param>
/// <param name="Scope">Which policy section applied, e.g. <c>transports.docker["docker.io/library"]</c> or <c>default</c>.</param>
/// <param name="Message">Why; for a denial, a message meant for the kubelet.</param>
public sealed record PolicyDecision(bool Allowed, string Scope, string Message);

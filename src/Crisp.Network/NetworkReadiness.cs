namespace Crisp.Network;

/// <summary>The CRI <c>NetworkReady</c> condition.</summary>
/// <param name="Ready">True when a valid network configuration was found.</param>
/// <param name="NetworkName">The network that would be used.</param>
/// <param name="Reason">Machine-readable reason when not ready (<c>NetworkPluginNotReady</c>).</param>
/// <param name="Message">Human-readable explanation when not ready.</param>
public sealed record NetworkReadiness(bool Ready, string? NetworkName, string? Reason, string? Message)
{
    /// <summary>The reason the kubelet expects while no network is configured.</summary>
    public const string NotReadyReason = "NetworkPluginNotReady";
}

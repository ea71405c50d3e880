namespace Crisp.Core;

/// <summary>Network settings the kubelet pushes through UpdateRuntimeConfig.</summary>
public sealed class PodNetworkSettings
{
    private volatile string _podCidr = "";

    /// <summary>The node's pod CIDR, empty until the kubelet sends one.</summary>
    public string PodCidr => _podCidr;

    public void SetPodCidr(string cidr) => _podCidr = cidr;
}

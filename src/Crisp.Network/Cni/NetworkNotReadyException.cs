namespace Crisp.Network.Cni;

/// <summary>No usable CNI network configuration: the pod cannot be attached yet (NetworkReady is false).</summary>
public sealed class NetworkNotReadyException : InvalidOperationException
{
    public NetworkNotReadyException(string message)
        : base(message)
    {
    }
}

namespace Crisp.Network;

/// <summary>
/// A pod's network attachment, as the daemon uses it: set up after the pod's network namespace is pinned,
/// torn down (idempotently, even when the namespace is gone) before it is removed.
/// </summary>
public interface IPodNetwork
{
    /// <summary>Whether a usable network configuration exists (the CRI <c>NetworkReady</c> condition).</summary>
    Task<NetworkReadiness> GetReadinessAsync(CancellationToken cancellationToken);

    /// <summary>Attaches the pod to the network (CNI ADD of every plugin in order) and returns its addresses.</summary>
    Task<PodNetworkStatus> SetUpAsync(PodNetworkRequest request, CancellationToken cancellationToken);

    /// <summary>Detaches the pod (CNI DEL in reverse order, with the configuration used for ADD). Repeatable.</summary>
    Task TearDownAsync(PodNetworkRequest request, CancellationToken cancellationToken);

    /// <summary>The result recorded when the pod was attached, or null when it is not attached.</summary>
    Task<PodNetworkStatus?> StatusAsync(PodNetworkRequest request, CancellationToken cancellationToken);

    /// <summary>Asks every plugin to verify the attachment (CNI CHECK); throws when one reports a problem.</summary>
    Task CheckAsync(PodNetworkRequest request, CancellationToken cancellationToken);
}

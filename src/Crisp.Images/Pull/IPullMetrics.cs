namespace Crisp.Images.Pull;

/// <summary>What a pull reports to the metrics endpoint: bytes fetched per layer, layers reused, and each pull's outcome.</summary>
public interface IPullMetrics
{
    /// <summary>A layer blob of <paramref name="bytes"/> bytes and <paramref name="mediaType"/> was downloaded.</summary>
    void LayerPulled(string mediaType, long bytes);

    /// <summary>The layer <paramref name="chainId"/> was already in the store, so its <paramref name="bytes"/> were not fetched.</summary>
    void LayerReused(string chainId, long bytes);

    /// <summary>A pull finished and recorded its image.</summary>
    void PullSucceeded();

    /// <summary>A pull failed for <paramref name="failure"/>.</summary>
    void PullFailed(ImagePullFailure failure);
}

/// <summary>Reports nothing: the puller's default when nobody counts.</summary>
public sealed class NoPullMetrics : IPullMetrics
{
    public static NoPullMetrics Instance { get; } = new();

    public void LayerPulled(string mediaType, long bytes)
    {
    }

    public void LayerReused(string chainId, long bytes)
    {
    }

    public void PullSucceeded()
    {
    }

    public void PullFailed(ImagePullFailure failure)
    {
    }
}

namespace Crisp.Core.Metrics;

/// <summary>What the container flows report to the metrics endpoint.</summary>
public interface IContainerMetrics
{
    /// <summary>The container named <paramref name="name"/> was killed by the kernel's OOM killer.</summary>
    void ContainerOomKilled(string name);
}

using Crisp.Config;
using Crisp.Core.Events;
using Crisp.Core.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Crisp.Server;

/// <summary>Registers the metrics (always counted) and the endpoint that serves them when <c>enable_metrics</c> is set.</summary>
internal static class MetricsServices
{
    public static void Add(IServiceCollection services)
    {
        // containers_events_dropped_total: what the event broadcaster could not hand to a full subscriber buffer.
        services.AddSingleton(sp =>
        {
            var events = sp.GetRequiredService<ContainerEvents>();
            return new CrispMetrics(eventsDropped: () => events.Dropped);
        });
        services.AddSingleton<MetricsServer>();
    }

    /// <summary>Starts the endpoint when metrics are enabled; an address that cannot be bound stops the daemon.</summary>
    public static async Task StartAsync(IServiceProvider services, MetricsConfig config, CancellationToken cancellationToken)
    {
        if (config.EnableMetrics)
        {
            await services.GetRequiredService<MetricsServer>().StartAsync(config, cancellationToken).ConfigureAwait(false);
        }
    }
}

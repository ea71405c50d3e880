using Crisp.Core.Containers;
using Crisp.Core.State;
using Crisp.Cri.Streaming;
using Crisp.Network.Namespaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crisp.Server;

/// <summary>Registers the streaming server (exec, attach, port-forward) and the tokens the RPCs hand out for it.</summary>
internal static class StreamingServices
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton(sp => new StreamTokens(sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<INetnsConnector, NetnsConnector>();
        services.AddSingleton(sp => new StreamHandlers(
            sp.GetRequiredService<ContainerManager>(),
            sp.GetRequiredService<SandboxStore>(),
            sp.GetRequiredService<INetnsConnector>(),
            sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => new StreamingServer(
            sp.GetRequiredService<StreamTokens>(),
            sp.GetRequiredService<StreamHandlers>(),
            sp.GetRequiredService<ILoggerFactory>()));
    }

    /// <summary>Starts the streaming server; a stream address that cannot be bound stops the daemon.</summary>
    public static async Task StartAsync(IServiceProvider services, Crisp.Config.ApiConfig api, CancellationToken cancellationToken)
    {
        try
        {
            await services.GetRequiredService<StreamingServer>().StartAsync(api, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            throw new DaemonStartupException(e.Message, e);
        }
    }
}

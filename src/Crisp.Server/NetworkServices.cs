using Crisp.Config;
using Crisp.Network;
using Crisp.Network.Cni;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crisp.Server;

/// <summary>Registers the pod network: CNI from crio.conf's [crio.network] table.</summary>
internal static class NetworkServices
{
    public static void Add(IServiceCollection services, CrispConfig config)
    {
        var options = new CniNetworkOptions
        {
            NetworkDir = config.Network.NetworkDir,
            PluginDirs = config.Network.PluginDirs,
            DefaultNetwork = config.Network.CniDefaultNetwork,
        };
        services.AddSingleton<IPodNetwork>(sp => new CniNetwork(options, sp.GetRequiredService<ILogger<CniNetwork>>()));
    }
}

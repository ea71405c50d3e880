using Crisp.Config;
using Crisp.Core;
using Crisp.Images.Local;
using Crisp.Images.Pull;
using Crisp.Images.Registries;
using Crisp.Images.Registry;
using Crisp.Storage;
using Crisp.Storage.Images;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crisp.Server;

/// <summary>Registers the image side of the daemon: stores under the state root, registry client, puller, catalog.</summary>
internal static class ImageServices
{
    public static void Add(IServiceCollection services, CrispConfig config)
    {
        var root = config.Root.Root;
        services.AddSingleton(_ => LayerStore.Open(root));
        services.AddSingleton(_ => ImageStore.Open(root));
        services.AddSingleton(sp => new RegistryClient(ClientOptions(config), sp.GetRequiredService<ILogger<RegistryClient>>()));
        services.AddSingleton(sp =>
        {
            var source = sp.GetRequiredService<ICrispConfigSource>();
            return new ImagePuller(
                sp.GetRequiredService<RegistryClient>(),
                sp.GetRequiredService<LayerStore>(),
                sp.GetRequiredService<ImageStore>(),
                () => PullSettings.From(source.Current),
                Path.Combine(root, "tmp", "downloads"),
                sp.GetRequiredService<ILogger<ImagePuller>>(),
                metrics: sp.GetRequiredService<Crisp.Core.Metrics.CrispMetrics>());
        });
        services.AddSingleton(sp =>
        {
            var source = sp.GetRequiredService<ICrispConfigSource>();
            return new ImageCatalog(sp.GetRequiredService<ImageStore>(), sp.GetRequiredService<LayerStore>(), () => TryResolver(source.Current));
        });
    }

    /// <summary>
    /// pull_progress_timeout bounds every wait on a registry: a body that stops flowing, and also a request
    /// whose answer does not come (otherwise the one-minute request timeout applies).
    /// </summary>
    internal static RegistryClientOptions ClientOptions(CrispConfig config)
    {
        var progress = config.Image.PullProgressTimeout;
        var defaults = new RegistryClientOptions();
        return defaults with
        {
            PullProgressTimeout = progress,
            RequestTimeout = progress > TimeSpan.Zero && progress < defaults.RequestTimeout ? progress : defaults.RequestTimeout,
            UserAgent = $"crisp/{RuntimeIdentity.Version}",
        };
    }

    /// <summary>Opens the stores at start, so that a broken state root stops the daemon instead of the first pull.</summary>
    public static void Open(IServiceProvider services)
    {
        var config = services.GetRequiredService<ICrispConfigSource>().Current;
        try
        {
            // registries.conf and policy.json are read again for every pull; a broken one stops the start, as in CRI-O.
            PullSettings.From(config);
        }
        catch (Exception e) when (e is RegistriesConfigException or Crisp.Images.Policy.SignaturePolicyException
            or Crisp.Images.Credentials.CredentialsException or IOException)
        {
            throw new DaemonStartupException($"cannot load the image pull settings: {e.Message}", e);
        }

        try
        {
            services.GetRequiredService<LayerStore>();
            services.GetRequiredService<ImageStore>();
            services.GetRequiredService<ImagePuller>();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            throw new DaemonStartupException($"cannot open the image store under {config.Root.Root}: {e.Message}", e);
        }
    }

    private static PullSourceResolver? TryResolver(CrispConfig config)
    {
        try
        {
            return PullSettings.ResolverFrom(config);
        }
        catch (Exception e) when (e is RegistriesConfigException or IOException)
        {
            return null;
        }
    }
}

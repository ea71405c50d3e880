using Crisp.Config;

namespace Crisp.Server;

/// <summary>What the host needs to run.</summary>
/// <param name="Config">The validated configuration it starts with.</param>
/// <param name="Reload">Loads the configuration files and flags again (SIGHUP); throws <see cref="ConfigException"/>.</param>
/// <param name="Validate">Checks a configuration before it is switched to; throws <see cref="ConfigException"/>.</param>
public sealed record CrispServerOptions(CrispConfig Config, Func<CrispConfig> Reload, Action<CrispConfig> Validate);

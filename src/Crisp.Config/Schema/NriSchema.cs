namespace Crisp.Config.Schema;

/// <summary>Keys of the <c>[crio.nri]</c> table.</summary>
internal static class NriSchema
{
    public static TableSpec<NriConfig> Table { get; } = new(
    [
        Key.Flag<NriConfig>("enable_nri", "Enable the Node Resource Interface.",
            c => c.Enabled, (c, v) => c with { Enabled = v }),
        Key.Text<NriConfig>("nri_listen", "Socket externally started NRI plugins connect to.",
            c => c.Listen, (c, v) => c with { Listen = v }),
        Key.Text<NriConfig>("nri_plugin_dir", "Directory of NRI plugins started automatically.",
            c => c.PluginDir, (c, v) => c with { PluginDir = v }),
        Key.Text<NriConfig>("nri_plugin_config_dir", "Directory of configuration for those plugins.",
            c => c.PluginConfigDir, (c, v) => c with { PluginConfigDir = v }),
        Key.Flag<NriConfig>("nri_disable_connections", "Refuse connections from externally started plugins.",
            c => c.DisableConnections, (c, v) => c with { DisableConnections = v }),
        Key.Duration<NriConfig>("nri_plugin_registration_timeout", "Time a plugin has to register.",
            c => c.PluginRegistrationTimeout, (c, v) => c with { PluginRegistrationTimeout = v }),
        Key.Duration<NriConfig>("nri_plugin_request_timeout", "Time a plugin has to answer a request.",
            c => c.PluginRequestTimeout, (c, v) => c with { PluginRequestTimeout = v }),
    ],
    Unsupported.Newer("default_validator"));
}

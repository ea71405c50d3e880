using System.Text.Json.Serialization;

namespace Crisp.Config;

/// <summary>The <c>[crio.nri]</c> table: Node Resource Interface (accepted; crisp does not run NRI plugins yet).</summary>
public sealed record NriConfig
{
    /// <summary><c>enable_nri</c>: turn NRI on.</summary>
    [JsonPropertyName("enable_nri")]
    public bool Enabled { get; init; }

    /// <summary><c>nri_listen</c>: socket for externally started plugins.</summary>
    [JsonPropertyName("nri_listen")]
    public string Listen { get; init; } = "/var/run/nri/nri.sock";

    /// <summary><c>nri_plugin_dir</c>: pre-installed plugins started automatically.</summary>
    [JsonPropertyName("nri_plugin_dir")]
    public string PluginDir { get; init; } = "/opt/nri/plugins";

    /// <summary><c>nri_plugin_config_dir</c>: configuration for pre-installed plugins.</summary>
    [JsonPropertyName("nri_plugin_config_dir")]
    public string PluginConfigDir { get; init; } = "/etc/nri/conf.d";

    /// <summary><c>nri_disable_connections</c>: refuse externally started plugins.</summary>
    [JsonPropertyName("nri_disable_connections")]
    public bool DisableConnections { get; init; }

    /// <summary><c>nri_plugin_registration_timeout</c>: time a plugin has to register.</summary>
    [JsonPropertyName("nri_plugin_registration_timeout")]
    public TimeSpan PluginRegistrationTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>nri_plugin_request_timeout</c>: time a plugin has to answer a request.</summary>
    [JsonPropertyName("nri_plugin_request_timeout")]
    public TimeSpan PluginRequestTimeout { get; init; } = TimeSpan.FromSeconds(2);
}

using System.Globalization;

namespace Crisp.Ctl;

/// <summary>
/// Where <c>crisp ctl</c> connects, resolved as crictl does: flag, then environment, then the config file
/// (<c>/etc/crictl.yaml</c> keys <c>runtime-endpoint</c>, <c>image-endpoint</c>, <c>timeout</c>, <c>debug</c>), then crisp's socket.
/// </summary>
public sealed record ClientConfig(string RuntimeEndpoint, string ImageEndpoint, TimeSpan? Timeout, bool Debug)
{
    public const string DefaultEndpoint = "unix:///run/crisp/crisp.sock";
    public const string DefaultConfigFile = "/etc/crictl.yaml";

    public static ClientConfig Resolve(
        string? runtimeFlag,
        string? imageFlag,
        string? timeoutFlag,
        string? configFlag,
        bool debugFlag,
        Func<string, string?> environment)
    {
        var configPath = configFlag ?? NonEmpty(environment("CRI_CONFIG_FILE"));
        var file = configPath is not null ? Read(configPath, mustExist: true) : Read(DefaultConfigFile, mustExist: false);
        var runtime = runtimeFlag ?? NonEmpty(environment("CONTAINER_RUNTIME_ENDPOINT")) ?? Get(file, "runtime-endpoint") ?? DefaultEndpoint;
        var image = imageFlag ?? NonEmpty(environment("IMAGE_SERVICE_ENDPOINT")) ?? Get(file, "image-endpoint") ?? runtime;
        TimeSpan? timeout = null;
        if (timeoutFlag is not null)
        {
            timeout = Durations.Parse(timeoutFlag, "--timeout");
        }
        else if (Get(file, "timeout") is { } seconds)
        {
            timeout = int.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out var s)
                ? TimeSpan.FromSeconds(s)
                : Durations.Parse(seconds, "timeout in " + configPath);
        }

        var debug = debugFlag || string.Equals(Get(file, "debug"), "true", StringComparison.OrdinalIgnoreCase);
        return new ClientConfig(runtime, image, timeout is { Ticks: 0 } ? null : timeout, debug);
    }

    /// <summary>The socket path of a <c>unix://</c> endpoint (or a bare absolute path).</summary>
    public static string SocketPath(string endpoint)
    {
        if (endpoint.StartsWith("unix://", StringComparison.Ordinal))
        {
            var path = endpoint["unix://".Length..];
            return path.Length > 0 ? path : throw new CtlException($"endpoint \"{endpoint}\" has no socket path");
        }

        if (endpoint.StartsWith('/'))
        {
            return endpoint;
        }

        throw new CtlException($"endpoint \"{endpoint}\" is not supported: use unix:///path/to/socket");
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string? Get(Dictionary<string, string> file, string key) => file.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    /// <summary>crictl.yaml is a flat map of <c>key: value</c> lines.</summary>
    private static Dictionary<string, string> Read(string path, bool mustExist)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return mustExist ? throw new CtlException($"load config file: open {path}: no such file or directory") : values;
        }

        try
        {
            foreach (var raw in File.ReadAllLines(path))
            {
                var line = raw.Split('#')[0].Trim();
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (line.Length == 0 || line == "---" || colon <= 0)
                {
                    continue;
                }

                values[line[..colon].Trim()] = line[(colon + 1)..].Trim().Trim('"', '\'');
            }
        }
        catch (IOException e)
        {
            throw new CtlException($"load config file {path}: {e.Message}");
        }

        return values;
    }
}

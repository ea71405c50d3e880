using System.ComponentModel;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crisp.Network.Processes;

namespace Crisp.Network.Cni;

/// <summary>
/// Executes one plugin binary per the CNI execution protocol: CNI_* variables on top of the daemon's own
/// environment, the derived configuration on stdin, a result (or a CNI error) on stdout, a deadline after which
/// the plugin and its children are killed.
/// </summary>
internal sealed class CniPluginRunner
{
    private const int MaxQuotedOutput = 2048;

    private readonly CniPluginLocator _locator;
    private readonly TimeSpan _timeout;

    public CniPluginRunner(CniPluginLocator locator, TimeSpan timeout)
    {
        _locator = locator;
        _timeout = timeout;
    }

    /// <summary>Runs ADD, DEL or CHECK for one plugin of <paramref name="network"/>. Returns the parsed result for ADD.</summary>
    public async Task<JsonObject?> ExecuteAsync(string command, CniNetworkList network, JsonObject plugin, JsonNode? prevResult, CniAttachment attachment, CancellationToken cancellationToken)
    {
        var type = CniNetworkList.TypeOf(plugin);
        var path = _locator.Find(type)
            ?? throw new CniPluginException(type, network.Name, command, null, $"failed to find plugin \"{type}\" in path [{string.Join(' ', _locator.PluginDirs)}]", null, null);
        var stdin = CniRequest.Build(plugin, network.Name, network.CniVersion, prevResult, attachment.CapabilityArgs);
        var environment = new Dictionary<string, string>
        {
            ["CNI_COMMAND"] = command,
            ["CNI_CONTAINERID"] = attachment.ContainerId,
            ["CNI_NETNS"] = attachment.NetnsPath,
            ["CNI_ARGS"] = attachment.ArgsString,
            ["CNI_IFNAME"] = attachment.InterfaceName,
            ["CNI_PATH"] = _locator.SearchPath,
        };

        var result = await RunAsync(type, network.Name, command, path, environment, stdin, cancellationToken).ConfigureAwait(false);
        if (command != "ADD")
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(result.Stdout) as JsonObject
                ?? throw new CniPluginException(type, network.Name, command, null, "printed no result object", null, result.Stderr);
        }
        catch (JsonException e)
        {
            throw new CniPluginException(type, network.Name, command, null, $"printed an unreadable result {Quote(result.StdoutText)}", e.Message, result.Stderr, e);
        }
    }

    /// <summary>The spec versions a plugin supports (CNI_COMMAND=VERSION).</summary>
    public async Task<IReadOnlyList<string>> VersionsAsync(string type, string cniVersion, CancellationToken cancellationToken)
    {
        var path = _locator.Find(type)
            ?? throw new CniPluginException(type, null, "VERSION", null, $"failed to find plugin \"{type}\" in path [{string.Join(' ', _locator.PluginDirs)}]", null, null);
        var environment = new Dictionary<string, string>
        {
            ["CNI_COMMAND"] = "VERSION",
            ["CNI_CONTAINERID"] = "",
            ["CNI_NETNS"] = "",
            ["CNI_ARGS"] = "",
            ["CNI_IFNAME"] = "",
            ["CNI_PATH"] = _locator.SearchPath,
        };
        var stdin = Encoding.UTF8.GetBytes(new JsonObject { ["cniVersion"] = cniVersion }.ToJsonString());
        var result = await RunAsync(type, null, "VERSION", path, environment, stdin, cancellationToken).ConfigureAwait(false);
        try
        {
            var versions = new List<string>();
            if (JsonNode.Parse(result.Stdout) is JsonObject info && info["supportedVersions"] is JsonArray supported)
            {
                versions.AddRange(supported.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var s) ? s : null).OfType<string>());
            }
            else
            {
                // A plugin from before VERSION existed (spec 0.1.0) prints nothing useful.
                versions.Add("0.1.0");
            }

            return versions;
        }
        catch (JsonException e)
        {
            throw new CniPluginException(type, null, "VERSION", null, $"printed an unreadable version {Quote(result.StdoutText)}", e.Message, result.Stderr, e);
        }
    }

    private async Task<HelperResult> RunAsync(string type, string? network, string command, string path, Dictionary<string, string> environment, byte[] stdin, CancellationToken cancellationToken)
    {
        var invocation = new HelperInvocation(path, []) { Environment = environment, Stdin = stdin, Timeout = _timeout };
        HelperResult result;
        try
        {
            result = await HelperProcess.RunAsync(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            throw new CniPluginException(type, network, command, null, $"timed out after {_timeout.TotalSeconds:0.###}s; the plugin was killed", null, null, e);
        }
        catch (Win32Exception e)
        {
            throw new CniPluginException(type, network, command, null, $"cannot execute {path}: {e.Message}", null, null, e);
        }

        return result.ExitCode == 0 ? result : throw Failure(type, network, command, result);
    }

    /// <summary>Reads the CNI error a failed plugin printed on stdout (libcni's pluginErr), else uses its stderr.</summary>
    private static CniPluginException Failure(string type, string? network, string command, HelperResult result)
    {
        var stdout = result.StdoutText.Trim();
        if (stdout.Length == 0)
        {
            var message = result.Stderr.Length == 0
                ? $"exited with status {result.ExitCode} and printed no error"
                : $"exited with status {result.ExitCode}: {Quote(result.Stderr)}";
            return new CniPluginException(type, network, command, null, message, null, result.Stderr);
        }

        try
        {
            if (JsonNode.Parse(stdout) is JsonObject error)
            {
                var code = error["code"] is JsonValue c && c.TryGetValue<int>(out var n) ? n : (int?)null;
                var msg = error["msg"] is JsonValue m && m.TryGetValue<string>(out var text) ? text : $"exited with status {result.ExitCode}";
                var details = error["details"] is JsonValue d && d.TryGetValue<string>(out var more) ? more : null;
                return new CniPluginException(type, network, command, code, msg, details, result.Stderr);
            }
        }
        catch (JsonException)
        {
            // Not JSON: quote it below.
        }

        return new CniPluginException(type, network, command, null, $"exited with status {result.ExitCode}; its output is not a CNI error: {Quote(stdout)}", null, result.Stderr);
    }

    private static string Quote(string text) =>
        "\"" + (text.Length > MaxQuotedOutput ? text[..MaxQuotedOutput] + "…" : text).Trim() + "\"";
}

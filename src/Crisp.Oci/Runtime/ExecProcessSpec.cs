using System.Text.Json.Nodes;

namespace Crisp.Oci.Runtime;

/// <summary>
/// The process spec for an exec: the container's own <c>process</c> (user, env, cwd, capabilities, rlimits…)
/// with new args, as CRI-O derives it. The terminal is off unless asked for; with one, <c>consoleSize</c> makes
/// runc size the new terminal before the command starts (else a first <c>stty size</c> can still read 0x0).
/// </summary>
internal static class ExecProcessSpec
{
    public static string Build(string configJson, IReadOnlyList<string> command, bool terminal = false, TerminalSize? consoleSize = null)
    {
        if (command.Count == 0)
        {
            throw new ArgumentException("exec needs a command", nameof(command));
        }

        var root = JsonNode.Parse(configJson)?.AsObject() ?? throw new FormatException("config.json is not a JSON object");
        if (root["process"] is not JsonObject process)
        {
            throw new FormatException("config.json has no process object");
        }

        root.Remove("process");
        var args = new JsonArray();
        foreach (var arg in command)
        {
            args.Add((JsonNode)JsonValue.Create(arg));
        }

        process["args"] = args;
        process["terminal"] = terminal;
        process.Remove("consoleSize");
        if (terminal && consoleSize is { } size)
        {
            process["consoleSize"] = new JsonObject { ["height"] = (int)size.Height, ["width"] = (int)size.Width };
        }

        return process.ToJsonString();
    }
}

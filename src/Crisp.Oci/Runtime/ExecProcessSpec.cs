using System.Text.Json.Nodes;

namespace Crisp.Oci.Runtime;

/// <summary>
/// The process spec for an exec: the container's own <c>process</c> (user, env, cwd, capabilities, rlimits…)
/// with new args and no terminal, as CRI-O derives it.
/// </summary>
internal static class ExecProcessSpec
{
    public static string Build(string configJson, IReadOnlyList<string> command)
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
        process["terminal"] = false;
        process.Remove("consoleSize");
        return process.ToJsonString();
    }
}

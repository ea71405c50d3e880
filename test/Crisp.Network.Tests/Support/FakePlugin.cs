using System.Text.Json.Nodes;

namespace Crisp.Network.Tests.Support;

/// <summary>
/// Shell-script CNI plugins for the protocol tests: each records every call (stdin and environment, numbered in
/// call order) under the network's log dir, answers VERSION, and on ADD prints a canned result or a CNI error.
/// </summary>
internal static class FakePlugin
{
    private const string Header = """
        #!/bin/sh
        dir='@LOG@'; me='@TYPE@'
        mkdir -p "$dir"
        input=$(cat)
        seq=$(( $(cat "$dir/seq" 2>/dev/null || echo 0) + 1 )); echo "$seq" > "$dir/seq"
        printf '%s' "$input" > "$dir/$seq-$me-$CNI_COMMAND.stdin"
        env > "$dir/$seq-$me-$CNI_COMMAND.env"
        if [ "$CNI_COMMAND" = VERSION ]; then printf '%s' '{"cniVersion":"1.0.0","supportedVersions":["0.3.0","0.3.1","0.4.0","1.0.0","1.1.0"]}'; exit 0; fi

        """;

    /// <summary>A plugin whose ADD prints <paramref name="result"/>; DEL and CHECK succeed silently.</summary>
    public static void WriteRecorder(TestNetwork network, string type, JsonObject result) =>
        Write(network, type, $"if [ \"$CNI_COMMAND\" = ADD ]; then printf '%s' '{result.ToJsonString()}'; fi\nexit 0\n");

    /// <summary>A plugin whose ADD prints a CNI error and exits 1; DEL succeeds.</summary>
    public static void WriteFailing(TestNetwork network, string type, int code, string message, string details) =>
        Write(network, type, $$"""
            if [ "$CNI_COMMAND" = ADD ]; then
              printf '%s' '{"cniVersion":"1.0.0","code":{{code}},"msg":"{{message}}","details":"{{details}}"}'
              echo "fake stderr line" >&2
              exit 1
            fi
            exit 0

            """);

    /// <summary>A plugin whose ADD hangs (its pid written to <c>&lt;log&gt;/hung.pid</c>).</summary>
    public static void WriteHanging(TestNetwork network, string type) =>
        Write(network, type, "if [ \"$CNI_COMMAND\" = ADD ]; then echo $$ > \"$dir/hung.pid\"; exec sleep 60; fi\nexit 0\n");

    /// <summary>The recorded calls, in order: (type, command, stdin JSON, environment).</summary>
    public static List<(string Type, string Command, JsonObject Stdin, Dictionary<string, string> Env)> Calls(TestNetwork network)
    {
        var calls = new List<(int Seq, string Type, string Command, JsonObject Stdin, Dictionary<string, string> Env)>();
        if (!Directory.Exists(network.LogDir))
        {
            return [];
        }

        foreach (var file in Directory.GetFiles(network.LogDir, "*.stdin"))
        {
            var parts = Path.GetFileNameWithoutExtension(file).Split('-');
            var env = File.ReadAllLines(Path.ChangeExtension(file, ".env"))
                .Select(l => l.Split('=', 2))
                .Where(p => p.Length == 2)
                .GroupBy(p => p[0])
                .ToDictionary(g => g.Key, g => g.Last()[1]);
            calls.Add((int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), string.Join('-', parts[1..^1]), parts[^1], (JsonObject)JsonNode.Parse(File.ReadAllText(file))!, env));
        }

        return calls.OrderBy(c => c.Seq).Select(c => (c.Type, c.Command, c.Stdin, c.Env)).ToList();
    }

    private static void Write(TestNetwork network, string type, string body)
    {
        var path = Path.Combine(network.FakePluginDir, type);
        var text = Header.Replace("@LOG@", network.LogDir, StringComparison.Ordinal).Replace("@TYPE@", type, StringComparison.Ordinal) + body;
        File.WriteAllText(path, text.Replace("\r", "", StringComparison.Ordinal));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}

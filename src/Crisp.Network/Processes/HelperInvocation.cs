namespace Crisp.Network.Processes;

/// <summary>One run of a short-lived helper program (a CNI plugin, unshare, nsenter).</summary>
/// <param name="FileName">Program path (or a name looked up in PATH).</param>
/// <param name="Arguments">Arguments, passed as-is (no shell).</param>
internal sealed record HelperInvocation(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Variables set on top of the inherited environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Bytes written to the program's stdin, which is then closed.</summary>
    public ReadOnlyMemory<byte> Stdin { get; init; }

    /// <summary>How long the program may run before it (and its children) are killed.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The command line for messages.</summary>
    public string Display => Arguments.Count == 0 ? FileName : $"{FileName} {string.Join(' ', Arguments)}";
}

/// <summary>How a helper ended: exit code and everything it printed.</summary>
internal sealed record HelperResult(int ExitCode, byte[] Stdout, string Stderr)
{
    public string StdoutText => System.Text.Encoding.UTF8.GetString(Stdout);
}

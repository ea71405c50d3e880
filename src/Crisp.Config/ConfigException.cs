namespace Crisp.Config;

/// <summary>
/// The configuration cannot be used: malformed TOML, a value of the wrong type, or a value that fails
/// validation. The message names the file (when known), the dotted key and the reason.
/// </summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates an exception with a plain message.</summary>
    public ConfigException()
        : this("invalid configuration")
    {
    }

    /// <summary>Creates an exception with a plain message.</summary>
    public ConfigException(string message)
        : this(message, innerException: null)
    {
    }

    /// <summary>Creates an exception with a plain message and a cause.</summary>
    public ConfigException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Reason = message;
        Issues = [];
    }

    /// <summary>Creates an exception for one problem at a known place.</summary>
    public ConfigException(ConfigIssue issue, Exception? innerException = null)
        : base((issue ?? throw new ArgumentNullException(nameof(issue))).ToString(), innerException)
    {
        File = issue.File;
        Key = issue.Key.Length == 0 ? null : issue.Key;
        Line = issue.Line;
        Column = issue.Column;
        Reason = issue.Message;
        Issues = [issue];
    }

    /// <summary>Creates an exception for several problems; the first one fills the single-problem properties.</summary>
    public ConfigException(IReadOnlyList<ConfigIssue> issues)
        : base(Summarize(issues))
    {
        var first = issues[0];
        File = first.File;
        Key = first.Key.Length == 0 ? null : first.Key;
        Line = first.Line;
        Column = first.Column;
        Reason = first.Message;
        Issues = ValueList.From(issues);
    }

    /// <summary>The file the problem is in, when it comes from a file.</summary>
    public string? File { get; }

    /// <summary>The dotted key, e.g. <c>crio.runtime.cgroup_manager</c>, when known.</summary>
    public string? Key { get; }

    /// <summary>1-based line in <see cref="File"/>, when known.</summary>
    public int? Line { get; }

    /// <summary>1-based column in <see cref="File"/>, when known.</summary>
    public int? Column { get; }

    /// <summary>The reason alone, without file and key.</summary>
    public string Reason { get; }

    /// <summary>Every problem found (validation reports them all at once).</summary>
    public IReadOnlyList<ConfigIssue> Issues { get; }

    private static string Summarize(IReadOnlyList<ConfigIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (issues.Count == 0)
        {
            throw new ArgumentException("at least one issue is required", nameof(issues));
        }

        return issues.Count == 1
            ? issues[0].ToString()
            : $"{issues.Count} configuration errors:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", issues);
    }
}

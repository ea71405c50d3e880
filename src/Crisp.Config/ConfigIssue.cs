namespace Crisp.Config;

/// <summary>
/// A problem found in the configuration: an unknown key (a warning) or an invalid value (an error).
/// <see cref="Key"/> is the dotted TOML path, e.g. <c>crio.runtime.cgroup_manager</c>.
/// </summary>
public sealed record ConfigIssue(string Key, string Message, string? File = null, int? Line = null, int? Column = null)
{
    /// <inheritdoc />
    public override string ToString() => ConfigText.Compose(File, Line, Column, Key, Message);
}

namespace Crisp.Config;

/// <summary>Collects validation errors and warnings, naming the file that set each key when known.</summary>
internal sealed class IssueCollector
{
    private readonly IReadOnlyDictionary<string, string>? _origins;
    private readonly List<ConfigIssue> _errors = [];
    private readonly List<ConfigIssue> _warnings = [];

    public IssueCollector(IReadOnlyDictionary<string, string>? origins)
    {
        _origins = origins;
    }

    public void Error(string key, string message) => Add(_errors, key, message);

    public void Warn(string key, string message) => Add(_warnings, key, message);

    public void Error(ConfigIssue issue) => Add(_errors, issue.Key, issue.Message);

    public void Warn(ConfigIssue issue) => Add(_warnings, issue.Key, issue.Message);

    public ValidationResult ToResult() => new(_errors.ToArray(), _warnings.ToArray());

    private void Add(List<ConfigIssue> list, string key, string message)
    {
        var issue = new ConfigIssue(key, message, FindOrigin(key));
        if (!list.Contains(issue))
        {
            list.Add(issue);
        }
    }

    // The file that set the key itself, or failing that the closest enclosing table it set.
    private string? FindOrigin(string key)
    {
        if (_origins is null)
        {
            return null;
        }

        var candidate = key;
        while (candidate.Length > 0)
        {
            if (_origins.TryGetValue(candidate, out var origin))
            {
                return origin;
            }

            var dot = candidate.LastIndexOf('.');
            candidate = dot < 0 ? "" : candidate[..dot];
        }

        return null;
    }
}

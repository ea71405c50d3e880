using System.Text.RegularExpressions;

namespace Crisp.Config;

// Small shared checks.
public sealed partial class ConfigValidator
{
    private void RequireFile(IssueCollector issues, string key, string path, string missing)
    {
        if (path.Length == 0)
        {
            issues.Error(key, missing);
        }
        else if (!_files.FileExists(path))
        {
            issues.Error(key, $"file \"{path}\" does not exist");
        }
    }

    private static void RequireAbsolute(IssueCollector issues, string key, string path)
    {
        if (!Path.IsPathFullyQualified(path))
        {
            issues.Error(key, path.Length == 0 ? "must be set to an absolute path" : $"\"{path}\" is not an absolute path");
        }
    }

    private static void OptionalAbsolute(IssueCollector issues, string key, string path)
    {
        if (path.Length > 0)
        {
            RequireAbsolute(issues, key, path);
        }
    }

    private static void CheckCpuList(IssueCollector issues, string key, string value)
    {
        if (value.Length > 0 && !ValueFormats.IsCpuList(value))
        {
            issues.Error(key, $"\"{value}\" is not a Linux CPU list such as \"0-3,6\"");
        }
    }

    private static void CheckIdMappings(IssueCollector issues, string key, string value)
    {
        if (value.Length > 0 && !ValueFormats.IsIdMappings(value))
        {
            issues.Error(key, $"\"{value}\" is not of the form container:host:size[,...]");
        }
    }

    private static void EachItem(IssueCollector issues, string key, ValueList<string> values, Func<string, string?> check)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (check(values[i]) is { } message)
            {
                issues.Error($"{key}[{i}]", message);
            }
        }
    }

    private static bool IsRegex(string pattern)
    {
        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string Join(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"\"{v}\""));
}

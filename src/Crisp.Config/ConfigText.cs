namespace Crisp.Config;

/// <summary>Shared message layout: "file:line:col: key: reason".</summary>
internal static class ConfigText
{
    public static string Compose(string? file, int? line, int? column, string? key, string reason)
    {
        var location = file ?? "";
        if (file is not null && line is not null)
        {
            location += ":" + line.Value;
            if (column is not null)
            {
                location += ":" + column.Value;
            }
        }

        var parts = new List<string>(3);
        if (location.Length > 0)
        {
            parts.Add(location);
        }

        if (!string.IsNullOrEmpty(key))
        {
            parts.Add(key);
        }

        parts.Add(reason);
        return string.Join(": ", parts);
    }
}

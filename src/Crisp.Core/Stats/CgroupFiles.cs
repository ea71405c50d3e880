using System.Globalization;

namespace Crisp.Core.Stats;

/// <summary>
/// The cgroup file formats: a single number (<c>memory.current</c>, <c>cpuacct.usage</c>), "max" for no limit,
/// space-separated numbers (<c>cpuacct.usage_percpu</c>) and flat keyed files ("key value" per line: <c>memory.stat</c>,
/// <c>cpu.stat</c>, <c>memory.events</c>, <c>memory.oom_control</c>). Reads go through <see cref="ReadText"/>, which
/// answers null for a file that is not there.
/// </summary>
internal sealed class CgroupFiles(Func<string, string>? readAllText = null)
{
    private readonly Func<string, string> _readAllText = readAllText ?? File.ReadAllText;

    /// <summary>The file's text, or null when it (or its directory) does not exist; other I/O errors are thrown.</summary>
    public string? ReadText(string path)
    {
        try
        {
            return _readAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>A single unsigned number; null when the file is missing, empty, "max" or not a number.</summary>
    public ulong? ReadNumber(string path) => ParseNumber(ReadText(path));

    /// <summary>A flat keyed file as a map; empty when the file is missing.</summary>
    public IReadOnlyDictionary<string, ulong> ReadKeyed(string path) => ParseKeyed(ReadText(path));

    public static ulong? ParseNumber(string? text)
    {
        var trimmed = text?.Trim();
        return ulong.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    public static IReadOnlyDictionary<string, ulong> ParseKeyed(string? text)
    {
        var result = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var line in (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                result[parts[0]] = value;
            }
        }

        return result;
    }

    public static IReadOnlyList<ulong> ParseList(string? text) =>
        [.. (text ?? "").Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Select(p => ulong.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0)];

    public static ulong? Get(IReadOnlyDictionary<string, ulong> map, string key) => map.TryGetValue(key, out var value) ? value : null;
}

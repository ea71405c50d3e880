using System.Globalization;
using Crisp.IntegrationTests.Harness.Pods;

namespace Crisp.Bench.Lifecycle.Host;

/// <summary>
/// Cgroup parents of earlier runs that were killed before they could clean up (<c>/crisp-lc-&lt;pid&gt;-&lt;name&gt;</c>
/// whose bench pid is gone): removed when empty, reported otherwise.
/// </summary>
internal static class StaleCgroups
{
    public const string Prefix = "crisp-lc-";

    public static void RemoveLeftovers()
    {
        var names = Directory.EnumerateDirectories("/sys/fs/cgroup")
            .Where(Directory.Exists)
            .SelectMany(h => Directory.EnumerateDirectories(h, Prefix + "*"))
            .Select(Path.GetFileName)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var pidText = name[Prefix.Length..].Split('-')[0];
            if (!int.TryParse(pidText, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || Directory.Exists($"/proc/{pid}"))
            {
                continue;
            }

            Console.Error.WriteLine($"bench: removing the cgroups of an earlier run: /{name}");
            TestCgroups.Remove("/" + name, message => Console.Error.WriteLine($"bench: {message}"));
        }
    }
}

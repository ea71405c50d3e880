using System.Reflection;

namespace Crisp.IntegrationTests.Harness;

/// <summary>Where the built crisp executable is (set at build time from the Daemon project's output).</summary>
internal static class CrispBinary
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("CRISP_BINARY");
        var path = fromEnvironment is { Length: > 0 }
            ? fromEnvironment
            : typeof(CrispBinary).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Single(a => a.Key == "CrispDaemonPath").Value!;
        path = System.IO.Path.GetFullPath(path);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"the crisp executable was not built at {path}; run dotnet build first");
    }
}

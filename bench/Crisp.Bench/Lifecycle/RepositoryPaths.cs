namespace Crisp.Bench.Lifecycle;

/// <summary>The repository around the bench executable (the directory holding crisp.slnx), if any.</summary>
internal static class RepositoryPaths
{
    public static string? Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "crisp.slnx")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}

namespace Crisp.Bench.Lifecycle.Host;

/// <summary>
/// containerd 1.6 puts its shims' sockets under /run/containerd/s whatever its configured state directory is. When that
/// directory did not exist before the run, the run removes it again afterwards — provided nothing is left in it.
/// </summary>
internal sealed class ShimSocketDirectory
{
    private const string Root = "/run/containerd";

    private readonly bool _existedBefore = Directory.Exists(Root);

    public void CleanUp()
    {
        if (_existedBefore || !Directory.Exists(Root))
        {
            return;
        }

        if (Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).Any())
        {
            Console.Error.WriteLine($"bench: leaving {Root}: it holds files (another containerd's shims?)");
            return;
        }

        foreach (var directory in Directory.EnumerateDirectories(Root, "*", SearchOption.AllDirectories).OrderByDescending(d => d.Length).Append(Root))
        {
            Directory.Delete(directory);
        }
    }
}

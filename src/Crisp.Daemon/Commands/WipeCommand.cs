using System.CommandLine;
using Crisp.Linux;

namespace Crisp.Daemon.Commands;

/// <summary><c>crisp wipe [--force]</c>: remove all state under root and runroot, after asking, while no daemon runs.</summary>
internal static class WipeCommand
{
    public static Command Build(GlobalOptions options)
    {
        var force = new Option<bool>("--force", "-f") { Description = "Do not ask for confirmation" };
        var command = new Command("wipe", "Remove crisp's state (containers, pods, images) under root and runroot") { force };
        command.SetAction((parse, _) => CrispCommandLine.Guard(() =>
        {
            var config = options.Load(parse, validate: false).Config;
            var targets = new[] { config.Root.Root, config.Root.RunRoot }
                .Select(Path.GetFullPath)
                .Distinct(StringComparer.Ordinal)
                .Where(Directory.Exists)
                .ToList();

            // The namespaces directory is a private bind mount of itself (made by the daemon, kept across its
            // restarts); with no namespace pinned below it, it is crisp's own and goes with the state.
            var namespacesDir = Path.TrimEndingDirectorySeparator(Path.GetFullPath(config.Runtime.NamespacesDir));
            foreach (var target in targets)
            {
                if (target.Split('/', StringSplitOptions.RemoveEmptyEntries).Length < 2)
                {
                    throw new CliError($"refusing to wipe {target}: it is too close to the filesystem root");
                }

                var mounted = MountTable.MountPointsUnder(target).Where(m => m != namespacesDir).ToList();
                if (mounted.Count > 0)
                {
                    throw new CliError($"refusing to wipe {target}: {mounted.Count} mount(s) are still active under it, e.g. {mounted[0]}");
                }
            }

            if (targets.Count == 0)
            {
                Console.Out.WriteLine("Nothing to wipe.");
                return 0;
            }

            using var held = FileLock.TryAcquire(Path.Combine(config.Root.Root, "crisp.lock"))
                ?? throw new CliError($"crisp is running on {config.Root.Root}; stop it before wiping");

            if (!parse.GetValue(force) && !Confirm(targets))
            {
                throw new CliError("wipe cancelled");
            }

            if (targets.Any(t => namespacesDir.StartsWith(t + "/", StringComparison.Ordinal)) && MountCalls.IsMountPoint(namespacesDir))
            {
                MountCalls.Unmount(namespacesDir, detachIfBusy: false);
            }

            foreach (var target in targets)
            {
                Wipe(target, held.Path);
                Console.Out.WriteLine($"Wiped {target}");
            }

            return 0;
        }));
        return command;
    }

    private static bool Confirm(IReadOnlyList<string> targets)
    {
        if (Console.IsInputRedirected && Console.In.Peek() < 0)
        {
            throw new CliError("no terminal to confirm on; use --force");
        }

        Console.Out.Write($"This removes all crisp state under {string.Join(" and ", targets)}. Continue? [y/N] ");
        var answer = Console.In.ReadLine()?.Trim();
        return string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) || string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase);
    }

    private static void Wipe(string directory, string keep)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
        {
            if (entry == keep)
            {
                continue;
            }

            if (FileKinds.Of(entry) == FileKind.Directory)
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }
        }
    }
}

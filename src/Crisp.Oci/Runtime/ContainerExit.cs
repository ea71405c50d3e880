using System.Globalization;

namespace Crisp.Oci.Runtime;

/// <summary>A container's exit as conmon recorded it: exit code (128 + signal when killed), when, and whether the cgroup OOM-killed it.</summary>
public sealed record ContainerExit(string Id, int ExitCode, DateTimeOffset FinishedAt, bool OomKilled)
{
    /// <summary>
    /// Reads <c>&lt;exitsDirectory&gt;/&lt;id&gt;</c> (the exit code conmon wrote; its modification time is the finish
    /// time) and looks for conmon's <c>oom</c> file in <c>&lt;persistRoot&gt;/&lt;id&gt;</c>. Null while there is no
    /// complete exit file.
    /// </summary>
    public static ContainerExit? TryRead(string exitsDirectory, string persistRoot, string id)
    {
        var path = Path.Combine(exitsDirectory, id);
        string text;
        DateTime finished;
        try
        {
            text = File.ReadAllText(path);
            finished = File.GetLastWriteTimeUtc(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exitCode))
        {
            return null;
        }

        var oom = File.Exists(Path.Combine(persistRoot, id, "oom"));
        return new ContainerExit(id, exitCode, new DateTimeOffset(finished, TimeSpan.Zero), oom);
    }
}

/// <summary>Raised by <see cref="ExitMonitor"/> once per exit file.</summary>
public sealed class ContainerExitedEventArgs : EventArgs
{
    public ContainerExitedEventArgs(ContainerExit exit)
    {
        Exit = exit;
    }

    public ContainerExit Exit { get; }

    public string Id => Exit.Id;

    public int ExitCode => Exit.ExitCode;

    public DateTimeOffset FinishedAt => Exit.FinishedAt;

    public bool OomKilled => Exit.OomKilled;
}

/// <summary>Where <see cref="ExitMonitor"/> looks.</summary>
public sealed record ExitMonitorOptions
{
    /// <summary>conmon's <c>--exit-dir</c>.</summary>
    public required string ExitsDirectory { get; init; }

    /// <summary>The root of conmon's per-container <c>--persist-dir</c> (for the <c>oom</c> file).</summary>
    public required string PersistRoot { get; init; }

    /// <summary>How often the directory is rescanned in case an inotify event was lost.</summary>
    public TimeSpan RescanInterval { get; init; } = TimeSpan.FromSeconds(5);
}

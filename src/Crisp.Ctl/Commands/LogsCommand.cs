using System.CommandLine;
using System.Globalization;
using Crisp.Ctl.Logs;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary>
/// <c>crisp ctl logs [-f] [--tail N] [--since T] [-t] [-p] ID</c>: reads the CRI log file ContainerStatus names, as
/// crictl does; <c>-f</c> follows it until the container exits.
/// </summary>
internal static class LogsCommand
{
    public static Command Build(CtlOptions options)
    {
        var id = new Argument<string>("CONTAINER-ID") { Description = "The container id (a prefix is enough)" };
        var follow = new Option<bool>("--follow", "-f") { Description = "Follow log output" };
        var tail = new Option<long>("--tail") { Description = "Number of lines to show from the end of the logs (-1 = all)", DefaultValueFactory = _ => -1 };
        var since = new Option<string?>("--since") { Description = "Show logs since a timestamp (RFC3339) or a relative duration (e.g. 42m)" };
        var timestamps = new Option<bool>("--timestamps", "-t") { Description = "Show timestamps" };
        var previous = new Option<bool>("--previous", "-p") { Description = "Print the logs of the previous instance of the container (attempt - 1)" };
        var command = new Command("logs", "Fetch the logs of a container") { id, follow, tail, since, timestamps, previous };
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            var containerId = await IdResolver.ContainerAsync(ctx, parse.GetValue(id)!);
            var status = (await ctx.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = containerId }, deadline: ctx.Deadline, cancellationToken: ct)).Status;
            var path = status.LogPath;
            if (path.Length == 0)
            {
                throw new CtlException($"the container {containerId} has no log path");
            }

            if (parse.GetValue(previous))
            {
                path = PreviousPath(path, status.Metadata?.Attempt ?? 0);
            }

            if (!File.Exists(path))
            {
                throw new CtlException($"failed to try resolving symlinks in path \"{path}\": no such file or directory");
            }

            var printer = new CriLogPrinter(Console.Out, Console.Error, parse.GetValue(timestamps), Since(parse.GetValue(since)));
            var offset = printer.PrintFile(path, (int)Math.Min(parse.GetValue(tail), int.MaxValue));
            if (!parse.GetValue(follow) || parse.GetValue(previous))
            {
                return 0;
            }

            var lastCheck = DateTime.UtcNow;
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), ct).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                offset = printer.PrintFrom(path, offset);
                if (DateTime.UtcNow - lastCheck < TimeSpan.FromMilliseconds(500))
                {
                    continue;
                }

                lastCheck = DateTime.UtcNow;
                var state = (await ctx.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = containerId }, deadline: ctx.Deadline, cancellationToken: ct)).Status.State;
                if (state is ContainerState.ContainerExited or ContainerState.ContainerUnknown)
                {
                    // conmon writes the last lines before the exit is recorded; one more read gets them.
                    printer.PrintFrom(path, offset);
                    return 0;
                }
            }

            return 0;
        });
        return command;
    }

    /// <summary>crictl's --previous: the same directory, file named after attempt - 1.</summary>
    public static string PreviousPath(string path, uint attempt)
    {
        if (attempt == 0)
        {
            throw new CtlException("the container has no previous instance (attempt 0)");
        }

        var slash = path.LastIndexOf('/') + 1;
        var dot = path.LastIndexOf('.');
        var extension = dot > slash ? path[dot..] : string.Empty;
        return path[..slash] + (attempt - 1).ToString(CultureInfo.InvariantCulture) + extension;
    }

    /// <summary>--since as an RFC3339 time or a duration before now.</summary>
    public static DateTimeOffset? Since(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        if (Durations.TryParse(text, out var ago))
        {
            return DateTimeOffset.UtcNow - ago;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new CtlException($"invalid --since \"{text}\": use an RFC3339 time or a duration such as 10m");
    }
}

using System.CommandLine;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl stop [--timeout SECONDS] ID...</c>: prints each stopped container's id.</summary>
internal static class StopCommand
{
    public static Command Build(CtlOptions options)
    {
        var ids = new Argument<string[]>("CONTAINER-ID") { Arity = ArgumentArity.OneOrMore, Description = "Container ids (prefixes are enough)" };
        var timeout = new Option<long>("--timeout", "-t") { Description = "Seconds to wait to kill the container after a graceful stop is requested" };
        var command = new Command("stop", "Stop one or more running containers") { ids, timeout };
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            var seconds = parse.GetValue(timeout);
            foreach (var prefix in parse.GetValue(ids)!)
            {
                var id = await IdResolver.ContainerAsync(ctx, prefix);
                var deadline = ctx.Deadline is { } d ? d + TimeSpan.FromSeconds(seconds) : (DateTime?)null;
                await ctx.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = id, Timeout = seconds }, deadline: deadline, cancellationToken: ct);
                Console.Out.WriteLine(id);
            }

            return 0;
        });
        return command;
    }
}

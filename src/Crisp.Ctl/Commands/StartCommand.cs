using System.CommandLine;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl start ID...</c>: prints each started container's id.</summary>
internal static class StartCommand
{
    public static Command Build(CtlOptions options)
    {
        var ids = new Argument<string[]>("CONTAINER-ID") { Arity = ArgumentArity.OneOrMore, Description = "Container ids (prefixes are enough)" };
        var command = new Command("start", "Start one or more created containers") { ids };
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            foreach (var prefix in parse.GetValue(ids)!)
            {
                var id = await IdResolver.ContainerAsync(ctx, prefix);
                await ctx.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id }, deadline: ctx.Deadline, cancellationToken: ct);
                Console.Out.WriteLine(id);
            }

            return 0;
        });
        return command;
    }
}

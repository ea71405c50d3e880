using System.CommandLine;
using Crisp.Ctl.Output;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl inspect ID...</c>: each container's verbose ContainerStatus.</summary>
internal static class InspectCommand
{
    public static Command Build(CtlOptions options)
    {
        var ids = new Argument<string[]>("CONTAINER-ID") { Arity = ArgumentArity.OneOrMore, Description = "Container ids (prefixes are enough)" };
        var output = OutputOption.Create("json", "json", "yaml");
        var command = new Command("inspect", "Display the status of one or more containers") { ids, output };
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            foreach (var prefix in parse.GetValue(ids)!)
            {
                var id = await IdResolver.ContainerAsync(ctx, prefix);
                var status = await ctx.Runtime.ContainerStatusAsync(new ContainerStatusRequest { ContainerId = id, Verbose = true }, deadline: ctx.Deadline, cancellationToken: ct);
                ProtoOutput.Print(ProtoOutput.Inspect(status.Status, status.Info), parse.GetValue(output)!);
            }

            return 0;
        });
        return command;
    }
}

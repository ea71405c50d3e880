using System.CommandLine;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl rm [--force] [--all] ID...</c>: prints each removed container's id.</summary>
internal static class RemoveCommand
{
    public static Command Build(CtlOptions options)
    {
        var ids = new Argument<string[]>("CONTAINER-ID") { Arity = ArgumentArity.ZeroOrMore, Description = "Container ids (prefixes are enough)" };
        var force = new Option<bool>("--force", "-f") { Description = "Force removal of the container, disregarding if running" };
        var all = new Option<bool>("--all", "-a") { Description = "Remove all containers" };
        var command = new Command("rm", "Remove one or more containers") { ids, force, all };
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            var listed = (await ctx.Runtime.ListContainersAsync(new ListContainersRequest(), deadline: ctx.Deadline, cancellationToken: ct)).Containers;
            List<string> targets;
            if (parse.GetValue(all))
            {
                targets = [.. listed.Select(c => c.Id)];
            }
            else if (parse.GetValue(ids) is { Length: > 0 } prefixes)
            {
                targets = [.. prefixes.Select(p => IdResolver.Pick("container", p, listed.Select(c => c.Id)))];
            }
            else
            {
                throw new CtlException("no container ID given: rm needs CONTAINER-ID... or --all");
            }

            foreach (var id in targets)
            {
                if (listed.First(c => c.Id == id).State == ContainerState.ContainerRunning)
                {
                    if (!parse.GetValue(force))
                    {
                        throw new CtlException($"container {id} is running, please stop it first or use --force");
                    }

                    await ctx.Runtime.StopContainerAsync(new StopContainerRequest { ContainerId = id }, deadline: ctx.Deadline, cancellationToken: ct);
                }

                await ctx.Runtime.RemoveContainerAsync(new RemoveContainerRequest { ContainerId = id }, deadline: ctx.Deadline, cancellationToken: ct);
                Console.Out.WriteLine(id);
            }

            return 0;
        });
        return command;
    }
}

using System.CommandLine;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl rmp [--force] [--all] POD...</c>: prints "Removed sandbox ID" per pod.</summary>
internal static class RemovePodCommand
{
    public static Command Build(CtlOptions options)
    {
        var pods = new Argument<string[]>("POD-ID") { Arity = ArgumentArity.ZeroOrMore, Description = "Pod ids (prefixes are enough)" };
        var force = new Option<bool>("--force", "-f") { Description = "Force removal of the pod sandbox, disregarding if running" };
        var all = new Option<bool>("--all", "-a") { Description = "Remove all pods" };
        var command = new Command("rmp", "Remove one or more pods") { pods, force, all };
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            var listed = (await ctx.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest(), deadline: ctx.Deadline, cancellationToken: ct)).Items;
            List<string> ids;
            if (parse.GetValue(all))
            {
                ids = [.. listed.Select(p => p.Id)];
            }
            else if (parse.GetValue(pods) is { Length: > 0 } prefixes)
            {
                ids = [.. prefixes.Select(p => IdResolver.Pick("pod sandbox", p, listed.Select(l => l.Id)))];
            }
            else
            {
                throw new CtlException("no pod ID given: rmp needs POD-ID... or --all");
            }

            foreach (var id in ids)
            {
                var ready = listed.First(p => p.Id == id).State == PodSandboxState.SandboxReady;
                if (ready)
                {
                    if (!parse.GetValue(force))
                    {
                        throw new CtlException($"pod sandbox {id} is running, please stop it first or use --force");
                    }

                    await ctx.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = id }, deadline: ctx.Deadline, cancellationToken: ct);
                }

                await ctx.Runtime.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = id }, deadline: ctx.Deadline, cancellationToken: ct);
                Console.Out.WriteLine($"Removed sandbox {id}");
            }

            return 0;
        });
        return command;
    }
}

using System.CommandLine;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl stopp POD...</c>: prints "Stopped sandbox ID" per pod.</summary>
internal static class StopPodCommand
{
    public static Command Build(CtlOptions options)
    {
        var pods = new Argument<string[]>("POD-ID") { Arity = ArgumentArity.OneOrMore, Description = "Pod ids (prefixes are enough)" };
        var command = new Command("stopp", "Stop one or more running pods") { pods };
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            foreach (var prefix in parse.GetValue(pods)!)
            {
                var id = await IdResolver.PodAsync(ctx, prefix);
                await ctx.Runtime.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = id }, deadline: ctx.Deadline, cancellationToken: ct);
                Console.Out.WriteLine($"Stopped sandbox {id}");
            }

            return 0;
        });
        return command;
    }
}

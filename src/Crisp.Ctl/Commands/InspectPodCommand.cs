using System.CommandLine;
using Crisp.Ctl.Output;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl inspectp POD...</c>: each pod's verbose PodSandboxStatus.</summary>
internal static class InspectPodCommand
{
    public static Command Build(CtlOptions options)
    {
        var pods = new Argument<string[]>("POD-ID") { Arity = ArgumentArity.OneOrMore, Description = "Pod ids (prefixes are enough)" };
        var output = OutputOption.Create("json", "json", "yaml");
        var command = new Command("inspectp", "Display the status of one or more pods") { pods, output };
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            foreach (var prefix in parse.GetValue(pods)!)
            {
                var id = await IdResolver.PodAsync(ctx, prefix);
                var status = await ctx.Runtime.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = id, Verbose = true }, deadline: ctx.Deadline, cancellationToken: ct);
                ProtoOutput.Print(ProtoOutput.Inspect(status.Status, status.Info), parse.GetValue(output)!);
            }

            return 0;
        });
        return command;
    }
}

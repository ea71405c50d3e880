using System.CommandLine;
using Crisp.Ctl.Output;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl info</c>: the runtime's verbose Status — conditions under "status", each info key beside it.</summary>
internal static class InfoCommand
{
    public static Command Build(CtlOptions options)
    {
        var output = OutputOption.Create("json", "json", "yaml");
        var command = new Command("info", "Display information of the container runtime") { output };
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            var status = await ctx.Runtime.StatusAsync(new StatusRequest { Verbose = true }, deadline: ctx.Deadline, cancellationToken: ct);
            ProtoOutput.Print(ProtoOutput.Inspect(status.Status, status.Info, flattenInfo: true), parse.GetValue(output)!);
            return 0;
        });
        return command;
    }
}

using System.CommandLine;
using Crisp.Ctl.Output;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl imagefsinfo</c>: the ImageFsInfo answer.</summary>
internal static class ImageFsInfoCommand
{
    public static Command Build(CtlOptions options)
    {
        var output = OutputOption.Create("json", "json", "yaml");
        var command = new Command("imagefsinfo", "Return image filesystem info") { output };
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            var info = await ctx.Images.ImageFsInfoAsync(new ImageFsInfoRequest(), deadline: ctx.Deadline, cancellationToken: ct);
            ProtoOutput.Print(info, parse.GetValue(output)!);
            return 0;
        });
        return command;
    }
}

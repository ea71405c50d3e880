using System.CommandLine;
using Crisp.Ctl.Output;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl inspecti IMAGE...</c>: each image's verbose ImageStatus as <c>{"status": …, "info": …}</c>.</summary>
internal static class InspectImageCommand
{
    public static Command Build(CtlOptions options)
    {
        var images = new Argument<string[]>("IMAGE") { Arity = ArgumentArity.OneOrMore, Description = "Image names or ids" };
        var output = OutputOption.Create("json", "json", "yaml");
        var command = new Command("inspecti", "Return the status of one or more images") { images, output };
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            foreach (var name in parse.GetValue(images)!)
            {
                var image = await IdResolver.ImageAsync(ctx, name);
                var status = await ctx.Images.ImageStatusAsync(new ImageStatusRequest { Image = new ImageSpec { Image = image.Id }, Verbose = true }, deadline: ctx.Deadline, cancellationToken: ct);
                ProtoOutput.Print(ProtoOutput.Inspect(status.Image ?? image, status.Info), parse.GetValue(output)!);
            }

            return 0;
        });
        return command;
    }
}

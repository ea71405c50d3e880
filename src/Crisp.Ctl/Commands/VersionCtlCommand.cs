using System.CommandLine;
using Crisp.Ctl.Output;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl version</c>: the runtime's Version answer, as crictl prints it.</summary>
internal static class VersionCtlCommand
{
    public static Command Build(CtlOptions options)
    {
        var output = OutputOption.Create("table", "table", "json", "yaml");
        var command = new Command("version", "Display runtime version information") { output };
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            var version = await ctx.Runtime.VersionAsync(new VersionRequest { Version = "v1" }, deadline: ctx.Deadline, cancellationToken: ct);
            var format = parse.GetValue(output)!;
            if (format != "table")
            {
                ProtoOutput.Print(version, format);
                return 0;
            }

            Console.Out.Write($"""
                Version:  {version.Version}
                RuntimeName:  {version.RuntimeName}
                RuntimeVersion:  {version.RuntimeVersion}
                RuntimeApiVersion:  {version.RuntimeApiVersion}

                """);
            return 0;
        });
        return command;
    }
}

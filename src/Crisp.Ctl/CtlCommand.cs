using System.CommandLine;
using Crisp.Ctl.Commands;

namespace Crisp.Ctl;

/// <summary><c>crisp ctl</c>: crictl's subcommands, flags and output formats against a CRI endpoint (crisp's socket by default).</summary>
public static class CtlCommand
{
    public static Command Build()
    {
        var options = new CtlOptions();
        var ctl = new Command("ctl", "A crictl-compatible client of a CRI runtime (crisp's socket unless --runtime-endpoint, CONTAINER_RUNTIME_ENDPOINT or /etc/crictl.yaml say otherwise)");
        options.AddTo(ctl);
        Command[] commands =
        [
            VersionCtlCommand.Build(options), InfoCommand.Build(options),
            PullCommand.Build(options), ImagesCommand.Build(options), InspectImageCommand.Build(options), RemoveImageCommand.Build(options), ImageFsInfoCommand.Build(options),
            RunPodCommand.Build(options), PodsCommand.Build(options), InspectPodCommand.Build(options), StopPodCommand.Build(options), RemovePodCommand.Build(options),
            CreateCommand.Build(options), StartCommand.Build(options), PsCommand.Build(options), InspectCommand.Build(options), StopCommand.Build(options), RemoveCommand.Build(options),
            ExecCommand.Build(options), AttachCommand.Build(options), LogsCommand.Build(options), PortForwardCommand.Build(options),
            StatsCommand.Build(options), StatsPodCommand.Build(options), RunCommand.Build(options), UpdateCommand.Build(options), EventsCommand.Build(options),
        ];
        foreach (var command in commands)
        {
            ctl.Subcommands.Add(command);
        }

        return ctl;
    }

    /// <summary>
    /// crictl stops reading flags at <c>exec</c>'s container id (<c>crictl exec ID sh -c "…"</c>); System.CommandLine
    /// reads options anywhere, so a <c>--</c> is put after the id when the caller has not written one.
    /// </summary>
    public static string[] NormalizeArgs(string[] args)
    {
        var ctl = Array.IndexOf(args, "ctl");
        var exec = ctl < 0 ? -1 : Array.FindIndex(args, ctl + 1, a => a is "exec");
        if (exec < 0)
        {
            return args;
        }

        for (var i = exec + 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                return args;
            }

            if (arg.StartsWith('-'))
            {
                if (arg is "--timeout" or "--transport" or "-e" or "--env")
                {
                    i++;
                }

                continue;
            }

            return i + 1 < args.Length && args[i + 1] != "--" ? [.. args[..(i + 1)], "--", .. args[(i + 1)..]] : args;
        }

        return args;
    }

    /// <summary>Sets a command's action: a connection from the global flags, the body, errors as one line.</summary>
    internal static void SetAction(this Command command, CtlOptions options, Func<CtlContext, ParseResult, CancellationToken, Task<int>> body) =>
        command.SetAction((parse, ct) => CtlGuard.RunAsync(async () =>
        {
            using var ctx = CtlContext.Create(parse, options);
            return await body(ctx, parse, ct).ConfigureAwait(false);
        }));
}

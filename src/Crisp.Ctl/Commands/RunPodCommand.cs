using System.CommandLine;
using Crisp.Ctl.Input;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl runp [--runtime HANDLER] POD.json</c>: prints the new pod's id.</summary>
internal static class RunPodCommand
{
    public static Command Build(CtlOptions options)
    {
        var config = new Argument<string>("pod-config.[json|yaml]") { Description = "The pod sandbox config file" };
        var runtime = new Option<string?>("--runtime", "-r") { Description = "Runtime handler to use (default: the runtime's default)" };
        var command = new Command("runp", "Run a new pod") { config, runtime };
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            var sandbox = ConfigFiles.Load(parse.GetValue(config)!, PodSandboxConfig.Parser, "pod sandbox config");
            Console.Out.WriteLine(await RunAsync(ctx, sandbox, parse.GetValue(runtime), ct));
            return 0;
        });
        return command;
    }

    public static async Task<string> RunAsync(CtlContext ctx, PodSandboxConfig sandbox, string? handler, CancellationToken ct)
    {
        var request = new RunPodSandboxRequest { Config = sandbox, RuntimeHandler = handler ?? string.Empty };
        return (await ctx.Runtime.RunPodSandboxAsync(request, deadline: ctx.Deadline, cancellationToken: ct)).PodSandboxId;
    }
}

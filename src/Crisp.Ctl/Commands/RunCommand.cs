using System.CommandLine;
using Crisp.Ctl.Input;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl run CTR.json POD.json</c>: pull, runp, create and start; prints the container's id.</summary>
internal static class RunCommand
{
    public static Command Build(CtlOptions options)
    {
        var container = new Argument<string>("container-config.[json|yaml]") { Description = "The container config file" };
        var sandbox = new Argument<string>("pod-config.[json|yaml]") { Description = "The pod sandbox config file" };
        var runtime = new Option<string?>("--runtime", "-r") { Description = "Runtime handler to use (default: the runtime's default)" };
        var noPull = new Option<bool>("--no-pull") { Description = "Do not pull the image" };
        var pull = new PullFlags();
        var command = new Command("run", "Run a new container inside a new pod (pull, runp, create, start)") { container, sandbox, runtime, noPull };
        pull.AddTo(command);
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            var containerConfig = ConfigFiles.Load(parse.GetValue(container)!, ContainerConfig.Parser, "container config");
            var sandboxConfig = ConfigFiles.Load(parse.GetValue(sandbox)!, PodSandboxConfig.Parser, "pod sandbox config");
            if (!parse.GetValue(noPull))
            {
                await PullCommand.PullAsync(ctx, containerConfig.Image?.Image ?? string.Empty, pull.Auth(parse), sandboxConfig, ct);
            }

            var podId = await RunPodCommand.RunAsync(ctx, sandboxConfig, parse.GetValue(runtime), ct);
            var id = await CreateCommand.CreateAsync(ctx, podId, containerConfig, sandboxConfig, ct);
            await ctx.Runtime.StartContainerAsync(new StartContainerRequest { ContainerId = id }, deadline: ctx.Deadline, cancellationToken: ct);
            Console.Out.WriteLine(id);
            return 0;
        });
        return command;
    }
}

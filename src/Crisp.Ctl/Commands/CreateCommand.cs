using System.CommandLine;
using Crisp.Ctl.Input;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl create POD CTR.json POD.json [--with-pull]</c>: prints the new container's id.</summary>
internal static class CreateCommand
{
    public static Command Build(CtlOptions options)
    {
        var pod = new Argument<string>("POD") { Description = "The pod id (a prefix is enough)" };
        var container = new Argument<string>("container-config.[json|yaml]") { Description = "The container config file" };
        var sandbox = new Argument<string>("pod-config.[json|yaml]") { Description = "The pod sandbox config file" };
        var withPull = new Option<bool>("--with-pull") { Description = "Pull the image before creating the container" };
        var pull = new PullFlags();
        var command = new Command("create", "Create a new container") { pod, container, sandbox, withPull };
        pull.AddTo(command);
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            var containerConfig = ConfigFiles.Load(parse.GetValue(container)!, ContainerConfig.Parser, "container config");
            var sandboxConfig = ConfigFiles.Load(parse.GetValue(sandbox)!, PodSandboxConfig.Parser, "pod sandbox config");
            var podId = await IdResolver.PodAsync(ctx, parse.GetValue(pod)!);
            if (parse.GetValue(withPull))
            {
                await PullCommand.PullAsync(ctx, containerConfig.Image?.Image ?? string.Empty, pull.Auth(parse), sandboxConfig, ct);
            }

            Console.Out.WriteLine(await CreateAsync(ctx, podId, containerConfig, sandboxConfig, ct));
            return 0;
        });
        return command;
    }

    /// <summary>CreateContainer, after making the log file's directory as the kubelet would.</summary>
    public static async Task<string> CreateAsync(CtlContext ctx, string podId, ContainerConfig config, PodSandboxConfig sandbox, CancellationToken ct)
    {
        if (sandbox.LogDirectory.Length > 0 && config.LogPath.Length > 0 && Path.GetDirectoryName(Path.Join(sandbox.LogDirectory, config.LogPath)) is { } dir)
        {
            try
            {
                Directory.CreateDirectory(dir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The runtime may be on another file system view; let it report the problem.
            }
        }

        var request = new CreateContainerRequest { PodSandboxId = podId, Config = config, SandboxConfig = sandbox };
        return (await ctx.Runtime.CreateContainerAsync(request, deadline: ctx.Deadline, cancellationToken: ct)).ContainerId;
    }
}

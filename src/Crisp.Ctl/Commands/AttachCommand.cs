using System.CommandLine;
using Crisp.Ctl.Streaming;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl attach [-i] [-t] [--transport spdy|websocket] ID</c>: attaches to a running container's stdio.</summary>
internal static class AttachCommand
{
    public static Command Build(CtlOptions options)
    {
        var id = new Argument<string>("CONTAINER-ID") { Description = "The container id (a prefix is enough)" };
        var interactive = new Option<bool>("--stdin", "-i") { Description = "Pass stdin to the container" };
        var tty = new Option<bool>("--tty", "-t") { Description = "Stdin is a TTY" };
        var transport = StreamTransport.CreateOption();
        var command = new Command("attach", "Attach to a running container") { id, interactive, tty, transport };
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            var containerId = await IdResolver.ContainerAsync(ctx, parse.GetValue(id)!);
            var stdin = parse.GetValue(interactive);
            var useTty = parse.GetValue(tty);
            var request = new AttachRequest { ContainerId = containerId, Stdin = stdin, Stdout = true, Stderr = !useTty, Tty = useTty };
            var url = (await ctx.Runtime.AttachAsync(request, deadline: ctx.Deadline, cancellationToken: ct)).Url;
            return await StreamTransport.RunAsync(parse.GetValue(transport)!, url, stdin, useTty, ct);
        });
        return command;
    }
}

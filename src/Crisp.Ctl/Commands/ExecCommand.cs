using System.CommandLine;
using System.Text;
using Crisp.Ctl.Streaming;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary>
/// <c>crisp ctl exec [-s] [-i] [-t] [--timeout S] ID COMMAND [ARG...]</c>: ExecSync with <c>-s</c>, otherwise Exec and a
/// streaming session; the command's exit code is crisp ctl's.
/// </summary>
internal static class ExecCommand
{
    public static Command Build(CtlOptions options)
    {
        var id = new Argument<string>("CONTAINER-ID") { Description = "The container id (a prefix is enough)" };
        var cmd = new Argument<string[]>("COMMAND") { Arity = ArgumentArity.OneOrMore, Description = "The command and its arguments" };
        var sync = new Option<bool>("--sync", "-s") { Description = "Run the command synchronously (ExecSync)" };
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Keep STDIN open" };
        var tty = new Option<bool>("--tty", "-t") { Description = "Allocate a pseudo-TTY" };
        var timeout = new Option<long>("--timeout") { Description = "Timeout in seconds for --sync (0 = none)" };
        var transport = StreamTransport.CreateOption();
        var command = new Command("exec", "Run a command in a running container") { id, cmd, sync, interactive, tty, timeout, transport };
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            var containerId = await IdResolver.ContainerAsync(ctx, parse.GetValue(id)!);
            var args = parse.GetValue(cmd)!;
            if (parse.GetValue(sync))
            {
                var seconds = parse.GetValue(timeout);
                var request = new ExecSyncRequest { ContainerId = containerId, Timeout = seconds };
                request.Cmd.AddRange(args);
                var response = await ctx.Runtime.ExecSyncAsync(request, deadline: seconds > 0 ? DateTime.UtcNow.AddSeconds(seconds + 5) : null, cancellationToken: ct);
                await Console.OpenStandardOutput().WriteAsync(response.Stdout.Memory, ct);
                await Console.OpenStandardError().WriteAsync(response.Stderr.Memory, ct);
                return response.ExitCode;
            }

            var stdin = parse.GetValue(interactive);
            var useTty = parse.GetValue(tty);
            var exec = new ExecRequest { ContainerId = containerId, Stdin = stdin, Stdout = true, Stderr = !useTty, Tty = useTty };
            exec.Cmd.AddRange(args);
            var url = (await ctx.Runtime.ExecAsync(exec, deadline: ctx.Deadline, cancellationToken: ct)).Url;
            return await StreamTransport.RunAsync(parse.GetValue(transport)!, url, stdin, useTty, ct);
        });
        return command;
    }
}

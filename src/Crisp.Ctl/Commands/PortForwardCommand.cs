using System.CommandLine;
using System.Globalization;
using Crisp.Ctl.Streaming;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl port-forward [--transport spdy|websocket] POD [LOCAL_PORT:]REMOTE_PORT...</c>: forwards 127.0.0.1 ports into the pod until interrupted.</summary>
internal static class PortForwardCommand
{
    public static Command Build(CtlOptions options)
    {
        var pod = new Argument<string>("POD-ID") { Description = "The pod id (a prefix is enough)" };
        var ports = new Argument<string[]>("[LOCAL_PORT:]REMOTE_PORT") { Arity = ArgumentArity.OneOrMore, Description = "Ports to forward (LOCAL_PORT 0 or empty picks a free port)" };
        var transport = StreamTransport.CreateOption();
        var command = new Command("port-forward", "Forward local port to a pod") { pod, ports, transport };
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            var mappings = parse.GetValue(ports)!.Select(Parse).ToList();
            var podId = await IdResolver.PodAsync(ctx, parse.GetValue(pod)!);
            var request = new PortForwardRequest { PodSandboxId = podId };
            request.Port.AddRange(mappings.Select(m => m.Remote));
            async Task<string> NewUrl() => (await ctx.Runtime.PortForwardAsync(request, deadline: ctx.Deadline, cancellationToken: ct)).Url;
            var first = await NewUrl();
            try
            {
                await PortForwarder.RunAsync(parse.GetValue(transport)!, first, NewUrl, mappings, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Interrupted: the normal end.
            }

            return 0;
        });
        return command;
    }

    public static (int Local, int Remote) Parse(string text)
    {
        var parts = text.Split(':');
        int Port(string p, bool allowZero) =>
            int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= 65535 && (n > 0 || allowZero)
                ? n
                : throw new CtlException($"invalid port \"{text}\": use [LOCAL_PORT:]REMOTE_PORT");
        return parts.Length switch
        {
            1 => (Port(parts[0], false), Port(parts[0], false)),
            2 => (parts[0].Length == 0 ? 0 : Port(parts[0], true), Port(parts[1], false)),
            _ => throw new CtlException($"invalid port \"{text}\": use [LOCAL_PORT:]REMOTE_PORT"),
        };
    }
}

using System.CommandLine;
using Crisp.Ctl.Output;
using Grpc.Core;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl events</c>: streams GetContainerEvents, one JSON (or YAML) document per event, until interrupted.</summary>
internal static class EventsCommand
{
    public static Command Build(CtlOptions options)
    {
        var output = OutputOption.Create("json", "json", "yaml");
        var command = new Command("events", "Stream the events of containers") { output };
        command.Aliases.Add("event");
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            using var call = ctx.Runtime.GetContainerEvents(new GetEventsRequest(), cancellationToken: ct);
            try
            {
                await foreach (var e in call.ResponseStream.ReadAllAsync(ct))
                {
                    ProtoOutput.Print(e, parse.GetValue(output)!);
                    Console.Out.Flush();
                }
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Cancelled && ct.IsCancellationRequested)
            {
                return 0;
            }

            return 0;
        });
        return command;
    }
}

using System.CommandLine;
using Crisp.Ctl.Output;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl statsp [ID]</c>: ListPodSandboxStats as crictl's table.</summary>
internal static class StatsPodCommand
{
    public static Command Build(CtlOptions options)
    {
        var id = new Argument<string?>("ID") { Arity = ArgumentArity.ZeroOrOne, Description = "A pod id (a prefix is enough)" };
        var labels = new Option<string[]>("--label") { Description = "Filter by key=value label" };
        var output = OutputOption.Create("table", "table", "json", "yaml");
        var command = new Command("statsp", "List pod statistics") { id, labels, output };
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            var filter = new PodSandboxStatsFilter();
            filter.LabelSelector.Add(Labels.Parse(parse.GetValue(labels)));
            if (parse.GetValue(id) is { Length: > 0 } prefix)
            {
                filter.Id = await IdResolver.PodAsync(ctx, prefix);
            }

            var response = await ctx.Runtime.ListPodSandboxStatsAsync(new ListPodSandboxStatsRequest { Filter = filter }, deadline: ctx.Deadline, cancellationToken: ct);
            var format = parse.GetValue(output)!;
            if (format != "table")
            {
                ProtoOutput.Print(response, format);
                return 0;
            }

            var table = new Table("POD", "POD ID", "CPU %", "MEM");
            foreach (var s in response.Stats)
            {
                table.Add(
                    s.Attributes?.Metadata?.Name ?? string.Empty,
                    Human.TruncateId(s.Attributes?.Id ?? string.Empty, noTrunc: false),
                    StatsCommand.CpuPercent(s.Linux?.Cpu?.UsageNanoCores?.Value ?? 0),
                    Human.Size(s.Linux?.Memory?.WorkingSetBytes?.Value ?? 0, 4));
            }

            table.WriteTo(Console.Out);
            return 0;
        });
        return command;
    }
}

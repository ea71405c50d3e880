using System.CommandLine;
using System.Globalization;
using Crisp.Ctl.Output;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl stats [ID]</c>: ListContainerStats as crictl's table (CPU %, memory working set, writable layer).</summary>
internal static class StatsCommand
{
    public static Command Build(CtlOptions options)
    {
        var id = new Argument<string?>("ID") { Arity = ArgumentArity.ZeroOrOne, Description = "A container id (a prefix is enough)" };
        var pod = new Option<string?>("--pod", "-p") { Description = "Filter by pod id" };
        var labels = new Option<string[]>("--label") { Description = "Filter by key=value label" };
        var output = OutputOption.Create("table", "table", "json", "yaml");
        var command = new Command("stats", "List container(s) resource usage statistics") { id, pod, labels, output };
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            var filter = new ContainerStatsFilter();
            filter.LabelSelector.Add(Labels.Parse(parse.GetValue(labels)));
            if (parse.GetValue(id) is { Length: > 0 } prefix)
            {
                filter.Id = await IdResolver.ContainerAsync(ctx, prefix);
            }

            if (parse.GetValue(pod) is { Length: > 0 } podPrefix)
            {
                filter.PodSandboxId = await IdResolver.PodAsync(ctx, podPrefix);
            }

            var response = await ctx.Runtime.ListContainerStatsAsync(new ListContainerStatsRequest { Filter = filter }, deadline: ctx.Deadline, cancellationToken: ct);
            var format = parse.GetValue(output)!;
            if (format != "table")
            {
                ProtoOutput.Print(response, format);
                return 0;
            }

            var table = new Table("CONTAINER", "NAME", "CPU %", "MEM", "DISK", "INODES");
            foreach (var s in response.Stats)
            {
                table.Add(
                    Human.TruncateId(s.Attributes?.Id ?? string.Empty, noTrunc: false),
                    s.Attributes?.Metadata?.Name ?? string.Empty,
                    CpuPercent(s.Cpu?.UsageNanoCores?.Value ?? 0),
                    Human.Size(s.Memory?.WorkingSetBytes?.Value ?? 0, 4),
                    Human.Size(s.WritableLayer?.UsedBytes?.Value ?? 0, 4),
                    (s.WritableLayer?.InodesUsed?.Value ?? 0).ToString(CultureInfo.InvariantCulture));
            }

            table.WriteTo(Console.Out);
            return 0;
        });
        return command;
    }

    public static string CpuPercent(ulong nanoCores) => (nanoCores / 1e7).ToString("0.00", CultureInfo.InvariantCulture);
}

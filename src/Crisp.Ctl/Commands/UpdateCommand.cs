using System.CommandLine;
using System.Globalization;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl update [resource flags] ID...</c>: UpdateContainerResources; prints each id.</summary>
internal static class UpdateCommand
{
    public static Command Build(CtlOptions options)
    {
        var ids = new Argument<string[]>("CONTAINER-ID") { Arity = ArgumentArity.OneOrMore, Description = "Container ids (prefixes are enough)" };
        var period = new Option<long>("--cpu-period") { Description = "CPU CFS period to be used for hardcapping (in usecs)" };
        var quota = new Option<long>("--cpu-quota") { Description = "CPU CFS hardcap limit (in usecs)" };
        var shares = new Option<long>("--cpu-share") { Description = "CPU shares (relative weight vs. other containers)" };
        var cpus = new Option<string?>("--cpuset-cpus") { Description = "CPU(s) to use" };
        var mems = new Option<string?>("--cpuset-mems") { Description = "Memory node(s) to use" };
        var memory = new Option<string?>("--memory") { Description = "Memory limit (bytes, or with a unit: 128m, 1g)" };
        var command = new Command("update", "Update one or more running containers") { ids, period, quota, shares, cpus, mems, memory };
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            var resources = new LinuxContainerResources
            {
                CpuPeriod = parse.GetValue(period),
                CpuQuota = parse.GetValue(quota),
                CpuShares = parse.GetValue(shares),
                CpusetCpus = parse.GetValue(cpus) ?? string.Empty,
                CpusetMems = parse.GetValue(mems) ?? string.Empty,
                MemoryLimitInBytes = parse.GetValue(memory) is { } m ? Bytes(m) : 0,
            };
            foreach (var prefix in parse.GetValue(ids)!)
            {
                var id = await IdResolver.ContainerAsync(ctx, prefix);
                await ctx.Runtime.UpdateContainerResourcesAsync(new UpdateContainerResourcesRequest { ContainerId = id, Linux = resources }, deadline: ctx.Deadline, cancellationToken: ct);
                Console.Out.WriteLine(id);
            }

            return 0;
        });
        return command;
    }

    /// <summary>"134217728", "128m", "1g", "512k" (binary units, as docker's RAMInBytes).</summary>
    public static long Bytes(string text)
    {
        var t = text.Trim().ToLowerInvariant().TrimEnd('b', 'i');
        long scale = 1;
        if (t.Length > 0 && "kmgt".Contains(t[^1], StringComparison.Ordinal))
        {
            scale = t[^1] switch { 'k' => 1L << 10, 'm' => 1L << 20, 'g' => 1L << 30, _ => 1L << 40 };
            t = t[..^1];
        }

        return double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? (long)(value * scale)
            : throw new CtlException($"invalid size \"{text}\": use bytes or a number with k, m, g or t");
    }
}

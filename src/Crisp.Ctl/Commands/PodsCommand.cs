using System.CommandLine;
using System.Text.RegularExpressions;
using Crisp.Ctl.Output;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl pods</c>: pod sandboxes, newest first, filtered as crictl filters them.</summary>
internal static class PodsCommand
{
    public static Command Build(CtlOptions options)
    {
        var id = new Option<string?>("--id") { Description = "Filter by pod id (a prefix is enough)" };
        var name = new Option<string?>("--name") { Description = "Filter by pod name regular expression pattern" };
        var ns = new Option<string?>("--namespace") { Description = "Filter by pod namespace regular expression pattern" };
        var labels = new Option<string[]>("--label") { Description = "Filter by key=value label" };
        var state = new Option<string?>("--state", "-s") { Description = "Filter by pod state: ready or notready" };
        var last = new Option<int>("--last", "-n") { Description = "Show last n recently created pods (0 = all)" };
        var latest = new Option<bool>("--latest", "-l") { Description = "Show the most recently created pod" };
        var output = OutputOption.Create("table", "table", "json", "yaml");
        var quiet = OutputOption.Quiet("pod");
        var noTrunc = OutputOption.NoTrunc();
        var command = new Command("pods", "List pods") { id, name, ns, labels, state, last, latest, output, quiet, noTrunc };
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            var filter = new PodSandboxFilter();
            filter.LabelSelector.Add(Labels.Parse(parse.GetValue(labels)));
            switch (parse.GetValue(state)?.ToLowerInvariant())
            {
                case null or "":
                    break;
                case "ready" or "sandbox_ready":
                    filter.State = new PodSandboxStateValue { State = PodSandboxState.SandboxReady };
                    break;
                case "notready" or "sandbox_notready":
                    filter.State = new PodSandboxStateValue { State = PodSandboxState.SandboxNotready };
                    break;
                default:
                    throw new CtlException($"state should be ready or notready, not \"{parse.GetValue(state)}\"");
            }

            var response = await ctx.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest { Filter = filter }, deadline: ctx.Deadline, cancellationToken: ct);
            IEnumerable<PodSandbox> pods = response.Items;
            if (parse.GetValue(id) is { Length: > 0 } idPrefix)
            {
                pods = pods.Where(p => p.Id.StartsWith(idPrefix, StringComparison.Ordinal));
            }

            pods = pods.Where(p => Match(parse.GetValue(name), p.Metadata?.Name) && Match(parse.GetValue(ns), p.Metadata?.Namespace))
                .OrderByDescending(p => p.CreatedAt);
            var count = parse.GetValue(latest) ? 1 : parse.GetValue(last);
            var list = (count > 0 ? pods.Take(count) : pods).ToList();

            if (parse.GetValue(quiet))
            {
                list.ForEach(p => Console.Out.WriteLine(p.Id));
                return 0;
            }

            var format = parse.GetValue(output)!;
            if (format != "table")
            {
                var filtered = new ListPodSandboxResponse();
                filtered.Items.AddRange(list);
                ProtoOutput.Print(filtered, format);
                return 0;
            }

            var now = DateTimeOffset.UtcNow;
            var table = new Table("POD ID", "CREATED", "STATE", "NAME", "NAMESPACE", "ATTEMPT", "RUNTIME");
            foreach (var pod in list)
            {
                table.Add(
                    Human.TruncateId(pod.Id, parse.GetValue(noTrunc)),
                    Human.Ago(pod.CreatedAt, now),
                    pod.State == PodSandboxState.SandboxReady ? "Ready" : "NotReady",
                    pod.Metadata?.Name ?? string.Empty,
                    pod.Metadata?.Namespace ?? string.Empty,
                    (pod.Metadata?.Attempt ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture),
                    pod.RuntimeHandler.Length > 0 ? pod.RuntimeHandler : "(default)");
            }

            table.WriteTo(Console.Out);
            return 0;
        });
        return command;
    }

    /// <summary>crictl matches --name and --namespace as regular expressions.</summary>
    public static bool Match(string? pattern, string? value)
    {
        if (string.IsNullOrEmpty(pattern))
        {
            return true;
        }

        try
        {
            return Regex.IsMatch(value ?? string.Empty, pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
        catch (ArgumentException e)
        {
            throw new CtlException($"invalid pattern \"{pattern}\": {e.Message}");
        }
    }
}

using System.CommandLine;
using System.Globalization;
using Crisp.Ctl.Output;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl ps [-a]</c>: containers (running only unless --all), newest first, filtered as crictl filters them.</summary>
internal static class PsCommand
{
    public static Command Build(CtlOptions options)
    {
        var all = new Option<bool>("--all", "-a") { Description = "Show all containers" };
        var id = new Option<string?>("--id") { Description = "Filter by container id (a prefix is enough)" };
        var pod = new Option<string?>("--pod", "-p") { Description = "Filter by pod id (a prefix is enough)" };
        var name = new Option<string?>("--name") { Description = "Filter by container name regular expression pattern" };
        var image = new Option<string?>("--image") { Description = "Filter by container image" };
        var labels = new Option<string[]>("--label") { Description = "Filter by key=value label" };
        var state = new Option<string?>("--state", "-s") { Description = "Filter by container state: created, running, exited or unknown" };
        var last = new Option<int>("--last", "-n") { Description = "Show last n recently created containers (0 = all)" };
        var latest = new Option<bool>("--latest", "-l") { Description = "Show the most recently created container" };
        var output = OutputOption.Create("table", "table", "json", "yaml");
        var quiet = OutputOption.Quiet("container");
        var noTrunc = OutputOption.NoTrunc();
        var command = new Command("ps", "List containers") { all, id, pod, name, image, labels, state, last, latest, output, quiet, noTrunc };
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            var filter = new ContainerFilter();
            filter.LabelSelector.Add(Labels.Parse(parse.GetValue(labels)));
            if (parse.GetValue(pod) is { Length: > 0 } podPrefix)
            {
                filter.PodSandboxId = await IdResolver.PodAsync(ctx, podPrefix);
            }

            var stateName = parse.GetValue(state)?.ToLowerInvariant();
            ContainerState? wanted = stateName switch
            {
                null or "" => parse.GetValue(all) ? null : ContainerState.ContainerRunning,
                "created" => ContainerState.ContainerCreated,
                "running" => ContainerState.ContainerRunning,
                "exited" => ContainerState.ContainerExited,
                "unknown" => ContainerState.ContainerUnknown,
                _ => throw new CtlException($"state should be one of created, running, exited or unknown, not \"{stateName}\""),
            };
            if (wanted is { } s)
            {
                filter.State = new ContainerStateValue { State = s };
            }

            var response = await ctx.Runtime.ListContainersAsync(new ListContainersRequest { Filter = filter }, deadline: ctx.Deadline, cancellationToken: ct);
            IEnumerable<Container> containers = response.Containers;
            if (parse.GetValue(id) is { Length: > 0 } idPrefix)
            {
                containers = containers.Where(c => c.Id.StartsWith(idPrefix, StringComparison.Ordinal));
            }

            if (parse.GetValue(image) is { Length: > 0 } imageName)
            {
                containers = containers.Where(c => c.Image?.Image == imageName || c.ImageRef == imageName || c.ImageRef.Contains(imageName, StringComparison.Ordinal) || (c.Image?.Image ?? string.Empty).Contains(imageName, StringComparison.Ordinal));
            }

            containers = containers.Where(c => PodsCommand.Match(parse.GetValue(name), c.Metadata?.Name)).OrderByDescending(c => c.CreatedAt);
            var count = parse.GetValue(latest) ? 1 : parse.GetValue(last);
            var list = (count > 0 ? containers.Take(count) : containers).ToList();
            if (parse.GetValue(quiet))
            {
                list.ForEach(c => Console.Out.WriteLine(c.Id));
                return 0;
            }

            var format = parse.GetValue(output)!;
            if (format != "table")
            {
                var filtered = new ListContainersResponse();
                filtered.Containers.AddRange(list);
                ProtoOutput.Print(filtered, format);
                return 0;
            }

            var pods = (await ctx.Runtime.ListPodSandboxAsync(new ListPodSandboxRequest(), deadline: ctx.Deadline, cancellationToken: ct)).Items.ToDictionary(p => p.Id, StringComparer.Ordinal);
            var trunc = !parse.GetValue(noTrunc);
            var now = DateTimeOffset.UtcNow;
            var table = new Table("CONTAINER", "IMAGE", "CREATED", "STATE", "NAME", "ATTEMPT", "POD ID", "POD");
            foreach (var c in list)
            {
                var imageText = c.Image?.Image is { Length: > 0 } i ? i : c.ImageRef;
                if (trunc && imageText.StartsWith("sha256:", StringComparison.Ordinal))
                {
                    imageText = Human.TruncateId(imageText, noTrunc: false);
                }

                table.Add(
                    Human.TruncateId(c.Id, !trunc),
                    imageText,
                    Human.Ago(c.CreatedAt, now),
                    StateName(c.State),
                    c.Metadata?.Name ?? string.Empty,
                    (c.Metadata?.Attempt ?? 0).ToString(CultureInfo.InvariantCulture),
                    Human.TruncateId(c.PodSandboxId, !trunc),
                    pods.TryGetValue(c.PodSandboxId, out var p) ? p.Metadata?.Name ?? string.Empty : "unknown");
            }

            table.WriteTo(Console.Out);
            return 0;
        });
        return command;
    }

    public static string StateName(ContainerState state) => state switch
    {
        ContainerState.ContainerCreated => "Created",
        ContainerState.ContainerRunning => "Running",
        ContainerState.ContainerExited => "Exited",
        _ => "Unknown",
    };
}

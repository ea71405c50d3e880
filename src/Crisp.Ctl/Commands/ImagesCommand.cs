using System.CommandLine;
using Crisp.Ctl.Output;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl images [REPOSITORY[:TAG]]</c> (alias <c>img</c>): the image list as crictl's table, JSON, YAML or ids.</summary>
internal static class ImagesCommand
{
    public static Command Build(CtlOptions options)
    {
        var reference = new Argument<string?>("REPOSITORY[:TAG]") { Arity = ArgumentArity.ZeroOrOne, Description = "Only images of this repository (and tag)" };
        var digests = new Option<bool>("--digests") { Description = "Show digests" };
        var filters = new Option<string[]>("--filter", "-f") { Description = "Filter output: dangling=true|false, reference=NAME" };
        var output = OutputOption.Create("table", "table", "json", "yaml");
        var quiet = OutputOption.Quiet("image");
        var noTrunc = OutputOption.NoTrunc();
        var command = new Command("images", "List images") { reference, digests, filters, output, quiet, noTrunc };
        command.Aliases.Add("image");
        command.Aliases.Add("img");
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            var response = await ctx.Images.ListImagesAsync(new ListImagesRequest(), deadline: ctx.Deadline, cancellationToken: ct);
            var name = parse.GetValue(reference);
            var images = response.Images
                .Where(i => string.IsNullOrEmpty(name) || OfRepository(i, name))
                .Where(i => Matches(i, parse.GetValue(filters) ?? []))
                .ToList();
            if (parse.GetValue(quiet))
            {
                images.ForEach(i => Console.Out.WriteLine(i.Id));
                return 0;
            }

            var format = parse.GetValue(output)!;
            if (format != "table")
            {
                var filtered = new ListImagesResponse();
                filtered.Images.AddRange(images);
                ProtoOutput.Print(filtered, format);
                return 0;
            }

            var showDigests = parse.GetValue(digests);
            var trunc = !parse.GetValue(noTrunc);
            var table = showDigests ? new Table("IMAGE", "TAG", "DIGEST", "IMAGE ID", "SIZE") : new Table("IMAGE", "TAG", "IMAGE ID", "SIZE");
            foreach (var image in images)
            {
                var id = Human.TruncateId(image.Id, !trunc);
                var size = Human.Size(image.Size);
                var digest = image.RepoDigests.Count > 0 ? Human.TruncateId(image.RepoDigests[0].Split('@').Last(), !trunc) : "<none>";
                var tags = image.RepoTags.Count > 0 ? image.RepoTags.Select(SplitTag) : image.RepoDigests.Select(d => (d.Split('@')[0], "<none>")).Take(1).DefaultIfEmpty(("<none>", "<none>"));
                foreach (var (repository, tag) in tags)
                {
                    table = showDigests ? table.Add(repository, tag, digest, id, size) : table.Add(repository, tag, id, size);
                }
            }

            table.WriteTo(Console.Out);
            return 0;
        });
        return command;
    }

    /// <summary>"registry:5000/ns/app:1.0" → ("registry:5000/ns/app", "1.0").</summary>
    public static (string Repository, string Tag) SplitTag(string repoTag)
    {
        var colon = repoTag.LastIndexOf(':');
        return colon > repoTag.LastIndexOf('/') ? (repoTag[..colon], repoTag[(colon + 1)..]) : (repoTag, "<none>");
    }

    /// <summary>The positional REPOSITORY[:TAG]: a tag of that repository (any tag unless one is given), or a digest reference.</summary>
    private static bool OfRepository(Image image, string name) =>
        image.RepoTags.Any(t => t == name || SplitTag(t).Repository == name) || image.RepoDigests.Any(d => d == name || d.Split('@')[0] == name);

    private static bool Matches(Image image, string[] filters)
    {
        foreach (var filter in filters)
        {
            var eq = filter.IndexOf('=', StringComparison.Ordinal);
            if (eq < 0)
            {
                throw new CtlException($"invalid filter \"{filter}\": use KEY=VALUE (dangling=true, reference=NAME)");
            }

            var (key, value) = (filter[..eq], filter[(eq + 1)..]);
            var ok = key switch
            {
                "dangling" => (image.RepoTags.Count == 0) == (value == "true"),
                "reference" => image.RepoTags.Any(t => t == value || SplitTag(t).Repository == value || t.Contains(value, StringComparison.Ordinal)),
                _ => throw new CtlException($"unknown filter \"{key}\": use dangling or reference"),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}

using System.CommandLine;
using Runtime.V1;

namespace Crisp.Ctl.Commands;

/// <summary><c>crisp ctl rmi [--all | --prune] IMAGE...</c>: prints "Deleted: NAME" per removed tag (or id).</summary>
internal static class RemoveImageCommand
{
    public static Command Build(CtlOptions options)
    {
        var images = new Argument<string[]>("IMAGE-ID") { Arity = ArgumentArity.ZeroOrMore, Description = "Image names or ids" };
        var all = new Option<bool>("--all", "-a") { Description = "Remove all images" };
        var prune = new Option<bool>("--prune", "-q") { Description = "Remove all images not used by any container" };
        var command = new Command("rmi", "Remove one or more images") { images, all, prune };
        command.SetAction(options, async (ctx, parse, ct) =>
        {
            var names = parse.GetValue(images) ?? [];
            List<Image> targets;
            if (parse.GetValue(all) || parse.GetValue(prune))
            {
                var listed = (await ctx.Images.ListImagesAsync(new ListImagesRequest(), deadline: ctx.Deadline, cancellationToken: ct)).Images.ToList();
                if (parse.GetValue(prune))
                {
                    var used = (await ctx.Runtime.ListContainersAsync(new ListContainersRequest(), deadline: ctx.Deadline, cancellationToken: ct)).Containers
                        .SelectMany(c => new[] { c.ImageRef, c.Image?.Image ?? string.Empty, c.ImageId }).ToHashSet(StringComparer.Ordinal);
                    listed = [.. listed.Where(i => !used.Contains(i.Id) && !i.RepoTags.Any(used.Contains) && !i.RepoDigests.Any(used.Contains) && !i.Pinned)];
                }

                targets = listed;
            }
            else if (names.Length == 0)
            {
                throw new CtlException("no image ID given: rmi needs IMAGE-ID..., --all or --prune");
            }
            else
            {
                targets = [];
                foreach (var name in names)
                {
                    targets.Add(await IdResolver.ImageAsync(ctx, name));
                }
            }

            var failed = 0;
            foreach (var image in targets)
            {
                try
                {
                    await ctx.Images.RemoveImageAsync(new RemoveImageRequest { Image = new ImageSpec { Image = image.Id } }, deadline: ctx.Deadline, cancellationToken: ct);
                }
                catch (Grpc.Core.RpcException e) when (targets.Count > 1)
                {
                    Console.Error.WriteLine($"crisp ctl: remove image {image.Id}: {CtlGuard.Describe(e)}");
                    failed++;
                    continue;
                }

                foreach (var name in image.RepoTags.Count > 0 ? image.RepoTags : [image.Id])
                {
                    Console.Out.WriteLine($"Deleted: {name}");
                }
            }

            return failed > 0 ? 1 : 0;
        });
        return command;
    }
}

using Crisp.Oci.Spec.Images;

namespace Crisp.Oci.Spec.Building;

/// <summary>
/// The kubelet's command/args semantics over the image's Entrypoint/Cmd: a command replaces the entrypoint
/// (and the image's Cmd is then ignored); args alone replace Cmd and keep the entrypoint.
/// </summary>
internal static class ProcessArgs
{
    public static IReadOnlyList<string> Resolve(IReadOnlyList<string> command, IReadOnlyList<string> args, ImageRunConfig image)
    {
        IReadOnlyList<string> resolved = command.Count > 0
            ? [.. command, .. args]
            : [.. image.Entrypoint ?? [], .. args.Count > 0 ? args : image.Cmd ?? []];
        return resolved.Count > 0 && resolved[0].Length > 0
            ? resolved
            : throw new ContainerSpecException("no command specified: the container config has no command or args and the image has no Entrypoint or Cmd");
    }
}

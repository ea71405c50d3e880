using Crisp.Config;
using Crisp.Core.Sandboxes;
using Crisp.Linux;
using Crisp.Storage;
using Crisp.Storage.Images;

namespace Crisp.Core.Runtime;

/// <summary>
/// The root file systems of containers (infra containers included): an overlay (or, with
/// <c>storage_driver = "vfs"</c>, a copy) of the image's layers with a writable upper directory, in
/// <c>&lt;root&gt;/overlay-containers/&lt;id&gt;/{upper,work,merged}</c>, and the OCI bundle directory under the runroot.
/// </summary>
public sealed class ContainerFileSystems(LayerStore layers, SandboxPaths paths)
{
    /// <summary>Mounts the image's layers at <c>merged</c> and returns that path.</summary>
    /// <exception cref="InvalidOperationException">The image has no layers.</exception>
    public string Mount(CrispConfig settings, string id, StoredImage image)
    {
        var top = image.TopLayer ?? throw new InvalidOperationException($"the image {image.Id} has no layers");
        var storage = paths.ContainerStorage(id);
        var request = new RootfsMountRequest(
            layers.GetLowerDirectories(top),
            Path.Combine(storage, "upper"),
            Path.Combine(storage, "work"),
            Path.Combine(storage, "merged"))
        {
            NoDev = true,
        };
        IRootfsDriver driver = settings.Root.StorageDriver == "vfs" ? new VfsDriver() : new OverlayDriver(layers.LinkDirectory);
        driver.Mount(request);
        return request.Target;
    }

    /// <summary>The writable layer of a container (its size is what the container wrote).</summary>
    public string UpperDirectory(string id) => Path.Combine(paths.ContainerStorage(id), "upper");

    /// <summary>Unmounts the root file system (stacked mounts too) and deletes the storage and bundle directories.</summary>
    public void Remove(string id)
    {
        var storage = paths.ContainerStorage(id);
        var merged = Path.Combine(storage, "merged");
        for (var i = 0; i < 8 && MountCalls.IsMountPoint(merged); i++)
        {
            MountCalls.Unmount(merged, detachIfBusy: true);
        }

        FileTree.Remove(storage);
        FileTree.Remove(Path.GetDirectoryName(paths.ContainerBundle(id))!);
    }
}

using System.Text;
using Crisp.Linux;
using Crisp.Storage.Rootfs;
using Microsoft.Win32.SafeHandles;

namespace Crisp.Storage;

/// <summary>
/// Mounts container root file systems with overlayfs.
/// <para>
/// Long layer lists: mount(2) packs every option into one page (4096 bytes), which 40 layers with
/// store paths already exceed. containers/storage shortens paths with symlinks in "l/" and chdir()s
/// there so lowerdirs are relative — but a .NET process is multi-threaded and the working directory is
/// process-wide, so crisp never chdirs. Instead it uses the new mount API: fsopen("overlay"), then one
/// fsconfig(FSCONFIG_SET_FD, "lowerdir+", fd) per layer, each layer passed as an open directory
/// handle (Linux 6.13+; string values would be capped at 255 bytes each). There is no limit on layer
/// count or path length, and mountinfo still shows the real paths. On older kernels it falls back to
/// mount(2): real paths when they fit in the page, otherwise absolute short symlinks
/// (ROOT/overlay/l/XXXXXXXXXXXX, about 45 bytes per layer, so roughly 90 layers per mount).
/// </para>
/// </summary>
public sealed class OverlayDriver : IRootfsDriver
{
    private static int _handlesSupported;

    private readonly string _linkDirectory;
    private readonly OverlayMountMethod _method;

    /// <param name="linkDirectory">Where legacy mounts create short links (<see cref="LayerStore.LinkDirectory"/>).</param>
    /// <param name="method">How layers are passed to the kernel; <see cref="OverlayMountMethod.Auto"/> picks the best available.</param>
    public OverlayDriver(string linkDirectory, OverlayMountMethod method = OverlayMountMethod.Auto)
    {
        _linkDirectory = Path.GetFullPath(linkDirectory);
        _method = method;
    }

    public string Name => "overlay";

    public void Mount(RootfsMountRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.LowerDirectories.Count == 0)
        {
            throw new ArgumentException("an overlay mount needs at least one lower directory", nameof(request));
        }

        if (MountCalls.IsMountPoint(request.Target))
        {
            return;
        }

        Directory.CreateDirectory(request.UpperDirectory);
        Directory.CreateDirectory(request.WorkDirectory);
        Directory.CreateDirectory(request.Target);

        if (_method != OverlayMountMethod.Legacy && Volatile.Read(ref _handlesSupported) >= 0)
        {
            if (TryMountWithHandles(request))
            {
                Volatile.Write(ref _handlesSupported, 1);
                return;
            }

            if (_method == OverlayMountMethod.FileDescriptors)
            {
                throw new IOException("this kernel cannot take overlayfs layers as file descriptors (fsconfig lowerdir+ with FSCONFIG_SET_FD needs Linux 6.13)");
            }

            Volatile.Write(ref _handlesSupported, -1);
        }

        MountLegacy(request);
    }

    public void Unmount(string target) => RootfsMounts.Unmount(target);

    public bool IsMounted(string target) => MountCalls.IsMountPoint(target);

    /// <summary>
    /// Whether overlayfs works for directories under <paramref name="scratchDirectory"/> (it does not,
    /// for example, on top of another overlayfs with an old kernel): mounts a probe and removes it.
    /// </summary>
    public static bool IsSupported(string scratchDirectory)
    {
        var probe = Path.Combine(scratchDirectory, "overlay-probe-" + Guid.NewGuid().ToString("N")[..8]);
        var request = new RootfsMountRequest(
            [Path.Combine(probe, "lower1"), Path.Combine(probe, "lower2")],
            Path.Combine(probe, "upper"),
            Path.Combine(probe, "work"),
            Path.Combine(probe, "merged"));
        try
        {
            foreach (var lower in request.LowerDirectories)
            {
                Directory.CreateDirectory(lower);
            }

            new OverlayDriver(Path.Combine(probe, "l")).Mount(request);
            return MountCalls.IsMountPoint(request.Target);
        }
        catch (IOException)
        {
            return false;
        }
        finally
        {
            RootfsMounts.Unmount(request.Target);
            FileTree.Remove(probe);
        }
    }

    private bool TryMountWithHandles(RootfsMountRequest request)
    {
        FileSystemContext context;
        try
        {
            context = FileSystemContext.Open("overlay");
        }
        catch (SystemCallException e) when (e.Errno is Errno.ENoSys or Errno.EPerm)
        {
            return false;
        }

        var handles = new List<SafeFileHandle>();
        try
        {
            context.SetString("source", "overlay");
            foreach (var lower in request.LowerDirectories)
            {
                handles.Add(FileSystemCalls.OpenDirectory(lower));
            }

            try
            {
                context.SetHandle("lowerdir+", handles[0]);
            }
            catch (SystemCallException e) when (e.Errno == Errno.EInval && Volatile.Read(ref _handlesSupported) == 0)
            {
                // "lowerdir+" (6.8) or FSCONFIG_SET_FD layers (6.13) unknown to this kernel.
                return false;
            }

            foreach (var handle in handles.Skip(1))
            {
                context.SetHandle("lowerdir+", handle);
            }

            using var upper = FileSystemCalls.OpenDirectory(request.UpperDirectory);
            using var work = FileSystemCalls.OpenDirectory(request.WorkDirectory);
            context.SetHandle("upperdir", upper);
            context.SetHandle("workdir", work);

            // As containers/storage: no inode index, so the same lower layers can serve any number of mounts.
            context.SetString("index", "off");
            context.Create();
            context.MountAt(request.Target, Attributes(request));
            return true;
        }
        finally
        {
            foreach (var handle in handles)
            {
                handle.Dispose();
            }

            context.Dispose();
        }
    }

    private void MountLegacy(RootfsMountRequest request)
    {
        var lowers = request.LowerDirectories.Select(Path.GetFullPath).ToList();
        var upper = Path.GetFullPath(request.UpperDirectory);
        var work = Path.GetFullPath(request.WorkDirectory);
        var data = LegacyOptions(lowers, upper, work);
        if (Encoding.UTF8.GetByteCount(data) >= Environment.SystemPageSize)
        {
            data = LegacyOptions([.. lowers.Select(l => ShortLinks.GetOrCreate(_linkDirectory, l))], upper, work);
            var length = Encoding.UTF8.GetByteCount(data);
            if (length >= Environment.SystemPageSize)
            {
                throw new IOException(
                    $"{lowers.Count} layers do not fit in overlayfs's one-page mount options ({length} bytes) even with short links; " +
                    "Linux 6.13 or later mounts any number of layers");
            }
        }

        MountCalls.Mount("overlay", request.Target, "overlay", Flags(request), data);
    }

    private static string LegacyOptions(IEnumerable<string> lowers, string upper, string work) =>
        $"lowerdir={string.Join(':', lowers.Select(Escape))},upperdir={Escape(upper)},workdir={Escape(work)},index=off";

    /// <summary>overlayfs splits options on ',' and lowerdir on ':'; both (and '\') are escaped with '\'.</summary>
    private static string Escape(string path) =>
        path.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace(":", "\\:", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal);

    private static MountFlags Flags(RootfsMountRequest request) =>
        (request.ReadOnly ? MountFlags.ReadOnly : 0) | (request.NoDev ? MountFlags.NoDev : 0) | (request.NoSuid ? MountFlags.NoSuid : 0);

    private static MountAttributes Attributes(RootfsMountRequest request) =>
        (request.ReadOnly ? MountAttributes.ReadOnly : 0) | (request.NoDev ? MountAttributes.NoDev : 0) | (request.NoSuid ? MountAttributes.NoSuid : 0);
}

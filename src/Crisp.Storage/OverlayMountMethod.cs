namespace Crisp.Storage;

/// <summary>How <see cref="OverlayDriver"/> passes layers to the kernel.</summary>
public enum OverlayMountMethod
{
    /// <summary>File descriptors when the kernel takes them, otherwise legacy.</summary>
    Auto,

    /// <summary>
    /// The new mount API: fsopen("overlay") and one fsconfig(FSCONFIG_SET_FD, "lowerdir+") per layer
    /// (Linux 6.13+). No limit on the number or length of layer paths; mountinfo shows the real paths.
    /// </summary>
    FileDescriptors,

    /// <summary>
    /// mount(2) with "lowerdir=a:b:…". The mount data is limited to one page, so when the real paths
    /// do not fit, short symlinks in the store's l/ directory are used instead of them.
    /// </summary>
    Legacy,
}

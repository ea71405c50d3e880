using Microsoft.Win32.SafeHandles;

namespace Crisp.Storage.Apply;

/// <summary>A directory handle that is disposed only when this reference opened it (the layer root is shared).</summary>
internal readonly struct DirectoryRef : IDisposable
{
    private readonly bool _owned;

    public DirectoryRef(SafeFileHandle handle, bool owned)
    {
        Handle = handle;
        _owned = owned;
    }

    public SafeFileHandle Handle { get; }

    public void Dispose()
    {
        if (_owned)
        {
            Handle.Dispose();
        }
    }
}

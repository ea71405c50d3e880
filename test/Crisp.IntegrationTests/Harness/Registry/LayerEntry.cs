using System.Formats.Tar;

namespace Crisp.IntegrationTests.Harness.Registry;

/// <summary>One tar entry read back from a layer, for assertions on what a layer (or a pulled blob) holds.</summary>
public sealed record LayerEntry(
    string Name,
    TarEntryType Type,
    UnixFileMode Mode,
    int Uid,
    int Gid,
    DateTimeOffset ModificationTime,
    string LinkName,
    int DeviceMajor,
    int DeviceMinor,
    IReadOnlyDictionary<string, string> Xattrs,
    byte[] Data)
{
    private const string XattrPrefix = "SCHILY.xattr.";

    /// <summary>Reads every entry of an uncompressed tar stream.</summary>
    public static IReadOnlyList<LayerEntry> ReadAll(ReadOnlyMemory<byte> tar)
    {
        var entries = new List<LayerEntry>();
        using var reader = new TarReader(new MemoryStream(tar.ToArray()));
        while (reader.GetNextEntry() is { } entry)
        {
            var xattrs = new Dictionary<string, string>(StringComparer.Ordinal);
            var major = 0;
            var minor = 0;
            if (entry is PaxTarEntry pax)
            {
                foreach (var (key, value) in pax.ExtendedAttributes)
                {
                    if (key.StartsWith(XattrPrefix, StringComparison.Ordinal))
                    {
                        xattrs[key[XattrPrefix.Length..]] = value;
                    }
                }
            }

            if (entry is PosixTarEntry posix)
            {
                major = posix.DeviceMajor;
                minor = posix.DeviceMinor;
            }

            byte[] data = [];
            if (entry.DataStream is { } stream)
            {
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                data = copy.ToArray();
            }

            entries.Add(new LayerEntry(entry.Name, entry.EntryType, entry.Mode, entry.Uid, entry.Gid, entry.ModificationTime,
                entry.LinkName, major, minor, xattrs, data));
        }

        return entries;
    }

    /// <summary>Reads every entry of a compressed layer blob.</summary>
    public static IReadOnlyList<LayerEntry> ReadBlob(ReadOnlySpan<byte> blob, string layerMediaType) =>
        ReadAll(LayerCompressions.Decompress(blob, layerMediaType));
}

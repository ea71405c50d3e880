using System.Formats.Tar;
using System.Text;

namespace Crisp.IntegrationTests.Harness.Registry;

/// <summary>
/// Writes one layer tar in memory (PAX format, as Docker and Buildah write them): entries in the order they are
/// added, with the ownership, mode and mtime given; paths are relative ("/etc/passwd" is written "etc/passwd",
/// directories end in '/'). <see cref="Raw"/> writes an entry verbatim for bad-input layers.
/// </summary>
public sealed class LayerBuilder
{
    /// <summary>The mtime every entry gets unless one is given, so that builds are reproducible.</summary>
    public static readonly DateTimeOffset DefaultModificationTime = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly UnixFileMode DirectoryMode = Octal("755");
    public static readonly UnixFileMode FileMode = Octal("644");

    private readonly List<PaxTarEntry> _entries = [];

    /// <summary>A file mode from its octal spelling: <c>Octal("4755")</c> is setuid rwxr-xr-x.</summary>
    public static UnixFileMode Octal(string octal) => (UnixFileMode)Convert.ToInt32(octal, 8);

    public LayerBuilder Directory(string path, UnixFileMode? mode = null, int uid = 0, int gid = 0, DateTimeOffset? mtime = null) =>
        Add(TarEntryType.Directory, DirectoryName(path), mode ?? DirectoryMode, uid, gid, mtime);

    public LayerBuilder File(string path, string content, UnixFileMode? mode = null, int uid = 0, int gid = 0,
        DateTimeOffset? mtime = null, IReadOnlyDictionary<string, string>? xattrs = null) =>
        File(path, Encoding.UTF8.GetBytes(content), mode, uid, gid, mtime, xattrs);

    /// <summary>A regular file; <paramref name="xattrs"/> (names like "user.foo") go into PAX SCHILY.xattr.* records.</summary>
    public LayerBuilder File(string path, ReadOnlyMemory<byte> content, UnixFileMode? mode = null, int uid = 0, int gid = 0,
        DateTimeOffset? mtime = null, IReadOnlyDictionary<string, string>? xattrs = null) =>
        Add(TarEntryType.RegularFile, FileName(path), mode ?? FileMode, uid, gid, mtime, xattrs, data: content);

    /// <summary>A symlink; <paramref name="target"/> is written as given (absolute or relative).</summary>
    public LayerBuilder Symlink(string path, string target, int uid = 0, int gid = 0, DateTimeOffset? mtime = null) =>
        Add(TarEntryType.SymbolicLink, FileName(path), Octal("777"), uid, gid, mtime, linkName: target);

    /// <summary>A hardlink to an entry written earlier in this layer (both paths are written relative).</summary>
    public LayerBuilder Hardlink(string path, string target, UnixFileMode? mode = null, int uid = 0, int gid = 0, DateTimeOffset? mtime = null) =>
        Add(TarEntryType.HardLink, FileName(path), mode ?? FileMode, uid, gid, mtime, linkName: FileName(target));

    public LayerBuilder Fifo(string path, UnixFileMode? mode = null, int uid = 0, int gid = 0, DateTimeOffset? mtime = null) =>
        Add(TarEntryType.Fifo, FileName(path), mode ?? FileMode, uid, gid, mtime);

    public LayerBuilder CharacterDevice(string path, int major, int minor, UnixFileMode? mode = null, int uid = 0, int gid = 0) =>
        Add(TarEntryType.CharacterDevice, FileName(path), mode ?? Octal("666"), uid, gid, null, device: (major, minor));

    public LayerBuilder BlockDevice(string path, int major, int minor, UnixFileMode? mode = null, int uid = 0, int gid = 0) =>
        Add(TarEntryType.BlockDevice, FileName(path), mode ?? Octal("660"), uid, gid, null, device: (major, minor));

    /// <summary>An AUFS/OCI whiteout: deletes <paramref name="path"/> of a lower layer (writes "dir/.wh.name").</summary>
    public LayerBuilder Whiteout(string path)
    {
        var name = FileName(path);
        var slash = name.LastIndexOf('/');
        var whiteout = slash < 0 ? ".wh." + name : name[..(slash + 1)] + ".wh." + name[(slash + 1)..];
        return Add(TarEntryType.RegularFile, whiteout, FileMode, 0, 0, null);
    }

    /// <summary>An opaque-directory marker "dir/.wh..wh..opq": hides everything lower layers put in the directory.</summary>
    public LayerBuilder OpaqueMarker(string directory) =>
        Add(TarEntryType.RegularFile, DirectoryName(directory) + ".wh..wh..opq", FileMode, 0, 0, null);

    /// <summary>An entry written exactly as given (its name is not normalised): "../escape", "/abs", anything.</summary>
    public LayerBuilder Raw(PaxTarEntry entry)
    {
        _entries.Add(entry);
        return this;
    }

    /// <summary>A regular file named exactly <paramref name="name"/> (not normalised), for path-traversal layers.</summary>
    public LayerBuilder RawFile(string name, string content, UnixFileMode? mode = null) =>
        Add(TarEntryType.RegularFile, name, mode ?? FileMode, 0, 0, null, data: Encoding.UTF8.GetBytes(content));

    /// <summary>Writes the tar and compresses it.</summary>
    public TestLayer Build(LayerCompression compression = LayerCompression.Gzip, string? createdBy = null)
    {
        using var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var entry in _entries)
            {
                entry.DataStream?.Seek(0, SeekOrigin.Begin);
                writer.WriteEntry(entry);
            }
        }

        var bytes = tar.ToArray();
        TarHeaders.NormalizePaxHeaderNames(bytes);
        return new TestLayer(bytes, compression, createdBy ?? $"crisp test layer ({_entries.Count} entries)",
            _entries.Select(e => e.Name).ToArray());
    }

    private LayerBuilder Add(TarEntryType type, string name, UnixFileMode mode, int uid, int gid, DateTimeOffset? mtime,
        IReadOnlyDictionary<string, string>? xattrs = null, ReadOnlyMemory<byte>? data = null, string? linkName = null,
        (int Major, int Minor)? device = null)
    {
        var attributes = xattrs?.Select(x => KeyValuePair.Create("SCHILY.xattr." + x.Key, x.Value)) ?? [];
        var entry = new PaxTarEntry(type, name, attributes)
        {
            Mode = mode,
            Uid = uid,
            Gid = gid,
            UserName = UserName(uid),
            GroupName = UserName(gid),
            ModificationTime = mtime ?? DefaultModificationTime,
        };
        if (linkName is not null)
        {
            entry.LinkName = linkName;
        }

        if (device is { } d)
        {
            entry.DeviceMajor = d.Major;
            entry.DeviceMinor = d.Minor;
        }

        if (data is { } bytes)
        {
            entry.DataStream = new MemoryStream(bytes.ToArray(), writable: false);
        }

        _entries.Add(entry);
        return this;
    }

    private static string UserName(int id) => id switch
    {
        0 => "root",
        1000 => "app",
        65534 => "nobody",
        _ => "",
    };

    private static string FileName(string path)
    {
        var name = path.TrimStart('/').TrimEnd('/');
        return name.Length > 0 ? name : throw new ArgumentException("a layer entry needs a name", nameof(path));
    }

    private static string DirectoryName(string path) => FileName(path) + "/";
}

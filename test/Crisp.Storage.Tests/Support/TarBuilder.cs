using System.Formats.Tar;
using System.Text;

namespace Crisp.Storage.Tests.Support;

/// <summary>
/// Builds layer tars in memory: ordinary members through System.Formats.Tar's TarWriter (PAX format),
/// and members System.Formats.Tar cannot express (binary xattr values, non-UTF-8 names) as hand-written
/// ustar and PAX headers.
/// </summary>
internal sealed class TarBuilder
{
    public static readonly DateTimeOffset DefaultTime = new(2021, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private readonly MemoryStream _stream = new();
    private readonly TarWriter _writer;

    public TarBuilder(TarEntryFormat format = TarEntryFormat.Pax)
    {
        Format = format;
        _writer = new TarWriter(_stream, format, leaveOpen: true);
    }

    public TarEntryFormat Format { get; }

    public TarBuilder Directory(string name, int mode = 0x1ED, int uid = 0, int gid = 0, DateTimeOffset? mtime = null) =>
        Add(System.Formats.Tar.TarEntryType.Directory, name, mode, uid, gid, mtime);

    public TarBuilder File(string name, string content, int mode = 0x1A4, int uid = 0, int gid = 0, DateTimeOffset? mtime = null) =>
        File(name, Encoding.UTF8.GetBytes(content), mode, uid, gid, mtime);

    public TarBuilder File(string name, byte[] content, int mode = 0x1A4, int uid = 0, int gid = 0, DateTimeOffset? mtime = null) =>
        Add(RegularType, name, mode, uid, gid, mtime, entry => entry.DataStream = new MemoryStream(content));

    public TarBuilder Symlink(string name, string target, int uid = 0, int gid = 0, DateTimeOffset? mtime = null) =>
        Add(System.Formats.Tar.TarEntryType.SymbolicLink, name, 0x1FF, uid, gid, mtime, entry => entry.LinkName = target);

    public TarBuilder HardLink(string name, string target) =>
        Add(System.Formats.Tar.TarEntryType.HardLink, name, 0x1A4, 0, 0, null, entry => entry.LinkName = target);

    public TarBuilder CharDevice(string name, int major, int minor, int mode = 0x1B6) =>
        Add(System.Formats.Tar.TarEntryType.CharacterDevice, name, mode, 0, 0, null, entry => SetDevice(entry, major, minor));

    public TarBuilder BlockDevice(string name, int major, int minor, int mode = 0x1B0) =>
        Add(System.Formats.Tar.TarEntryType.BlockDevice, name, mode, 0, 0, null, entry => SetDevice(entry, major, minor));

    public TarBuilder Fifo(string name, int mode = 0x1A4) =>
        Add(System.Formats.Tar.TarEntryType.Fifo, name, mode, 0, 0, null);

    /// <summary>Appends raw 512-byte blocks (hand-written headers and data).</summary>
    public TarBuilder Raw(byte[] blocks)
    {
        _stream.Write(blocks);
        return this;
    }

    /// <summary>A regular file preceded by a hand-written PAX header carrying binary SCHILY.xattr values.</summary>
    public TarBuilder FileWithXattrs(string name, byte[] content, params (string Name, byte[] Value)[] xattrs)
    {
        Raw(RawTar.PaxHeader(xattrs.Select(x => ("SCHILY.xattr." + x.Name, x.Value))));
        Raw(RawTar.Header(Encoding.UTF8.GetBytes(name), '0', content.Length, 0x1ED, mtime: DefaultTime.ToUnixTimeSeconds()));
        return Raw(RawTar.Pad(content));
    }

    public byte[] Build()
    {
        _writer.Dispose();
        return _stream.ToArray();
    }

    private System.Formats.Tar.TarEntryType RegularType =>
        Format == TarEntryFormat.V7 ? System.Formats.Tar.TarEntryType.V7RegularFile : System.Formats.Tar.TarEntryType.RegularFile;

    private TarBuilder Add(System.Formats.Tar.TarEntryType type, string name, int mode, int uid, int gid, DateTimeOffset? mtime, Action<TarEntry>? configure = null)
    {
        TarEntry entry = Format switch
        {
            TarEntryFormat.Gnu => new GnuTarEntry(type, name),
            TarEntryFormat.Ustar => new UstarTarEntry(type, name),
            TarEntryFormat.V7 => new V7TarEntry(type, name),
            _ => new PaxTarEntry(type, name),
        };
        entry.Mode = (UnixFileMode)mode;
        entry.Uid = uid;
        entry.Gid = gid;
        entry.ModificationTime = mtime ?? DefaultTime;
        configure?.Invoke(entry);
        _writer.WriteEntry(entry);
        return this;
    }

    private static void SetDevice(TarEntry entry, int major, int minor)
    {
        var posix = (PosixTarEntry)entry;
        posix.DeviceMajor = major;
        posix.DeviceMinor = minor;
    }
}

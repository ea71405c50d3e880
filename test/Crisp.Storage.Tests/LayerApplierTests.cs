using System.Formats.Tar;
using System.Text;
using Crisp.Linux;
using Crisp.Storage.Tests.Support;
using Shouldly;
using Xunit;

namespace Crisp.Storage.Tests;

public sealed class LayerApplierTests : IDisposable
{
    private static readonly FileTimestamp _defaultTime = FileTimestamp.FromDateTimeOffset(TarBuilder.DefaultTime);

    private readonly TempDirectory _temp = new();
    private readonly string _root;

    public LayerApplierTests()
    {
        _root = _temp.Create("layer");
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Apply_RegularFile_KeepsOwnerSetuidModeMtimeAndData()
    {
        var tar = new TarBuilder()
            .File("usr/bin/tool", "#!/bin/sh\necho hi\n", mode: 0xDED /* 06755 */, uid: 1000, gid: 1001)
            .Build();

        Apply(tar);

        var status = FileSystemCalls.LStat(At("usr/bin/tool"));
        status.Kind.ShouldBe(FileKind.Regular);
        status.Uid.ShouldBe(1000u);
        status.Gid.ShouldBe(1001u);
        status.Permissions.ShouldBe(0xDEDu, "setuid and setgid survive the chown because chmod comes after it");
        status.ModificationTime.Seconds.ShouldBe(_defaultTime.Seconds);
        File.ReadAllText(At("usr/bin/tool")).ShouldBe("#!/bin/sh\necho hi\n");
    }

    [Fact]
    public void Apply_PaxMtimeWithNanoseconds_IsKeptExactly()
    {
        var tar = new TarBuilder()
            .Raw(RawTar.PaxHeader([("mtime", "1614834367.123456789"u8.ToArray()), ("atime", "1700000000.5"u8.ToArray())]))
            .Raw(RawTar.Header("precise"u8.ToArray(), '0', 0, 0x1A4))
            .Build();

        Apply(tar);

        var status = FileSystemCalls.LStat(At("precise"));
        status.ModificationTime.ShouldBe(new FileTimestamp(1614834367, 123456789));
        status.AccessTime.ShouldBe(new FileTimestamp(1700000000, 500000000));
    }

    [Fact]
    public void Apply_Directories_KeepStickySetgidOwnerAndMtimeAfterChildrenAreAdded()
    {
        var dirTime = new DateTimeOffset(2019, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var tar = new TarBuilder()
            .Directory("tmp", mode: 0x3FF /* 01777 */, mtime: dirTime)
            .Directory("srv", mode: 0x5E8 /* 02750 */, uid: 5, gid: 6, mtime: dirTime)
            .File("srv/data", "x")
            .File("tmp/scratch", "y")
            .Build();

        Apply(tar);

        var tmp = FileSystemCalls.LStat(At("tmp"));
        tmp.Permissions.ShouldBe(0x3FFu);
        tmp.ModificationTime.Seconds.ShouldBe(dirTime.ToUnixTimeSeconds());
        var srv = FileSystemCalls.LStat(At("srv"));
        srv.Permissions.ShouldBe(0x5E8u);
        srv.Uid.ShouldBe(5u);
        srv.Gid.ShouldBe(6u);
        srv.ModificationTime.Seconds.ShouldBe(dirTime.ToUnixTimeSeconds());
    }

    [Fact]
    public void Apply_AbsoluteSymlink_IsStoredAsTextAndNotFollowed()
    {
        var tar = new TarBuilder()
            .Directory("etc")
            .Symlink("etc/localtime", "/usr/share/zoneinfo/UTC", uid: 7, gid: 8)
            .Symlink("etc/passwd-link", "/etc/passwd")
            .Build();

        Apply(tar);

        var status = FileSystemCalls.LStat(At("etc/localtime"));
        status.Kind.ShouldBe(FileKind.Symlink);
        status.Uid.ShouldBe(7u);
        status.Gid.ShouldBe(8u);
        status.ModificationTime.Seconds.ShouldBe(_defaultTime.Seconds);
        new FileInfo(At("etc/localtime")).LinkTarget.ShouldBe("/usr/share/zoneinfo/UTC");
        new FileInfo(At("etc/passwd-link")).LinkTarget.ShouldBe("/etc/passwd");
        FileSystemCalls.LStat("/etc/passwd").Uid.ShouldBe(0u, "the host file the link names is untouched");
    }

    [Fact]
    public void Apply_HardLink_SharesTheInode()
    {
        var tar = new TarBuilder()
            .File("bin/busybox", "binary", mode: 0x1ED)
            .HardLink("bin/sh", "bin/busybox")
            .HardLink("bin/ls", "/bin/busybox")
            .Build();

        var result = Apply(tar);

        var original = FileSystemCalls.LStat(At("bin/busybox"));
        FileSystemCalls.LStat(At("bin/sh")).Inode.ShouldBe(original.Inode);
        FileSystemCalls.LStat(At("bin/ls")).Inode.ShouldBe(original.Inode);
        original.LinkCount.ShouldBe(3u);
        result.Inodes.ShouldBe(2, "bin and busybox; links add no inode");
    }

    [Fact]
    public void Apply_DeviceNodesAndFifo_AreCreatedWithNumbersAndModes()
    {
        var tar = new TarBuilder()
            .Directory("dev")
            .CharDevice("dev/null", 1, 3, mode: 0x1B6)
            .BlockDevice("dev/loop0", 7, 0, mode: 0x1B0)
            .CharDevice("dev/big", 300, 70000, mode: 0x180)
            .Fifo("dev/fifo", mode: 0x190)
            .Build();

        Apply(tar);

        var devNull = FileSystemCalls.LStat(At("dev/null"));
        devNull.Kind.ShouldBe(FileKind.CharDevice);
        (devNull.RdevMajor, devNull.RdevMinor).ShouldBe((1u, 3u));
        devNull.Permissions.ShouldBe(0x1B6u);
        var loop = FileSystemCalls.LStat(At("dev/loop0"));
        loop.Kind.ShouldBe(FileKind.BlockDevice);
        (loop.RdevMajor, loop.RdevMinor).ShouldBe((7u, 0u));
        var big = FileSystemCalls.LStat(At("dev/big"));
        (big.RdevMajor, big.RdevMinor).ShouldBe((300u, 70000u));
        var fifo = FileSystemCalls.LStat(At("dev/fifo"));
        fifo.Kind.ShouldBe(FileKind.Fifo);
        fifo.Permissions.ShouldBe(0x190u);
    }

    [Fact]
    public void Apply_BinaryXattrsInPaxHeaders_RoundTripByteForByte()
    {
        // security.capability v2 for cap_net_bind_service+ep, and a user xattr that is not UTF-8 and
        // contains the PAX record delimiters '=' and '\n'.
        byte[] capability = [0x01, 0x00, 0x00, 0x02, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00];
        byte[] binary = [0xFF, 0x00, 0x0A, 0x3D, 0x80, 0xFE, 0xC3, 0x28];
        var tar = new TarBuilder()
            .FileWithXattrs("usr/bin/ping", "ping"u8.ToArray(), ("security.capability", capability), ("user.blob", binary))
            .Build();

        var result = Apply(tar);

        ExtendedAttributes.Get(At("usr/bin/ping"), "security.capability").ShouldBe(capability);
        ExtendedAttributes.Get(At("usr/bin/ping"), "user.blob").ShouldBe(binary);
        FileSystemCalls.LStat(At("usr/bin/ping")).Permissions.ShouldBe(0x1EDu);
        result.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Apply_TextXattrWrittenBySystemFormatsTar_IsApplied()
    {
        var entry = new PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "noted", new Dictionary<string, string>
        {
            ["SCHILY.xattr.user.note"] = "héllo",
        });
        entry.Mode = (UnixFileMode)0x1A4;
        entry.DataStream = new MemoryStream("n"u8.ToArray());
        var stream = new MemoryStream();
        using (var writer = new TarWriter(stream, leaveOpen: true))
        {
            writer.WriteEntry(entry);
        }

        Apply(stream.ToArray());

        ExtendedAttributes.Get(At("noted"), "user.note").ShouldBe(Encoding.UTF8.GetBytes("héllo"));
    }

    [Fact]
    public void Apply_Whiteouts_BecomeOverlayWhiteoutDevicesAndOpaqueXattr()
    {
        var tar = new TarBuilder()
            .File(".wh.gone", "")
            .Directory("etc")
            .File("etc/.wh.hosts", "")
            .Directory("cache")
            .File("cache/.wh..wh..opq", "")
            .File("cache/fresh", "new")
            .File(".wh..wh.plnk", "")
            .Build();

        var result = Apply(tar);

        var gone = FileSystemCalls.LStat(At("gone"));
        gone.IsWhiteout.ShouldBeTrue();
        FileSystemCalls.LStat(At("etc/hosts")).IsWhiteout.ShouldBeTrue();
        File.Exists(At(".wh.gone")).ShouldBeFalse();
        File.Exists(At("etc/.wh.hosts")).ShouldBeFalse();
        File.Exists(At("cache/.wh..wh..opq")).ShouldBeFalse();
        ExtendedAttributes.Get(At("cache"), "trusted.overlay.opaque").ShouldBe("y"u8.ToArray());
        File.ReadAllText(At("cache/fresh")).ShouldBe("new");
        Directory.GetFileSystemEntries(_root).Select(Path.GetFileName).Order().ShouldBe(["cache", "etc", "gone"]);
        result.Inodes.ShouldBe(5, "gone, etc, etc/hosts, cache, cache/fresh");
    }

    [Fact]
    public void Apply_OpaqueMarkerAtRoot_MarksTheLayerRoot()
    {
        Apply(new TarBuilder().File(".wh..wh..opq", "").Build());

        ExtendedAttributes.Get(_root, "trusted.overlay.opaque").ShouldBe("y"u8.ToArray());
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../escape")]
    [InlineData("./a/b/../../../escape")]
    public void Apply_EntryClimbingAboveTheRoot_IsRefused(string name)
    {
        var marker = Path.Combine(_temp.Path, "escape");
        var tar = new TarBuilder()
            .Raw(RawTar.Header(Encoding.UTF8.GetBytes(name), '0', 4))
            .Raw(RawTar.Pad("evil"u8.ToArray()))
            .Build();

        var error = Should.Throw<LayerFormatException>(() => Apply(tar));

        error.EntryName.ShouldBe(name);
        error.Message.ShouldContain("escapes the layer root");
        File.Exists(marker).ShouldBeFalse();
    }

    [Fact]
    public void Apply_EntryBelowAnAbsoluteSymlinkToRoot_IsRefusedWithoutWritingOutside()
    {
        var name = "crisp-escape-" + Guid.NewGuid().ToString("N");
        var tar = new TarBuilder()
            .Symlink("link", "/")
            .File($"link/etc/{name}", "pwned")
            .Build();

        var error = Should.Throw<LayerFormatException>(() => Apply(tar));

        error.EntryName.ShouldBe($"link/etc/{name}");
        error.Message.ShouldContain("'link' is a symlink");
        File.Exists($"/etc/{name}").ShouldBeFalse();
    }

    [Fact]
    public void Apply_EntryBelowARelativeSymlinkOutOfTheRoot_IsRefused()
    {
        var outside = _temp.Create("outside");
        var tar = new TarBuilder()
            .Directory("a")
            .Symlink("a/up", "../../outside")
            .Directory("a/up/newdir")
            .Build();

        Should.Throw<LayerFormatException>(() => Apply(tar)).Message.ShouldContain("'a/up' is a symlink");

        Directory.GetFileSystemEntries(outside).ShouldBeEmpty();
    }

    [Fact]
    public void Apply_HardLinkThroughASymlink_IsRefused()
    {
        var tar = new TarBuilder()
            .Symlink("etc", "/etc")
            .HardLink("stolen", "etc/passwd")
            .Build();

        var error = Should.Throw<LayerFormatException>(() => Apply(tar));

        error.EntryName.ShouldBe("stolen");
        File.Exists(At("stolen")).ShouldBeFalse();
    }

    [Fact]
    public void Apply_HardLinkToAMissingTarget_IsRefused()
    {
        var tar = new TarBuilder().Directory("bin").HardLink("bin/sh", "bin/busybox").Build();

        Should.Throw<LayerFormatException>(() => Apply(tar)).Message.ShouldContain("does not exist earlier in this layer");
    }

    [Fact]
    public void Apply_AbsoluteEntryNames_AreMadeRelative()
    {
        Apply(new TarBuilder().File("/abs/file.txt", "x").Build());

        File.ReadAllText(At("abs/file.txt")).ShouldBe("x");
    }

    [Fact]
    public void Apply_MissingParents_AreCreatedRootOwned0755()
    {
        Apply(new TarBuilder().File("a/b/c.txt", "c", uid: 33).Build());

        var a = FileSystemCalls.LStat(At("a"));
        a.Kind.ShouldBe(FileKind.Directory);
        a.Permissions.ShouldBe(0x1EDu);
        a.Uid.ShouldBe(0u);
        FileSystemCalls.LStat(At("a/b/c.txt")).Uid.ShouldBe(33u);
    }

    [Fact]
    public void Apply_LaterEntries_ReplaceEarlierOnesOfAnotherType()
    {
        var tar = new TarBuilder()
            .File("x", "file first")
            .Directory("x", mode: 0x1C0)
            .Directory("y")
            .File("y/z", "inside")
            .File("y", "file now")
            .Symlink("s", "/nowhere")
            .File("s", "plain")
            .Directory("d", mode: 0x1FF)
            .Directory("d", mode: 0x1C0)
            .Build();

        Apply(tar);

        FileSystemCalls.LStat(At("x")).Kind.ShouldBe(FileKind.Directory);
        File.ReadAllText(At("y")).ShouldBe("file now");
        FileSystemCalls.LStat(At("s")).Kind.ShouldBe(FileKind.Regular);
        FileSystemCalls.LStat(At("d")).Permissions.ShouldBe(0x1C0u, "a directory met twice is merged; the last metadata wins");
    }

    [Fact]
    public void Apply_NonUtf8Name_IsCreatedWithItsExactBytes()
    {
        byte[] name = [(byte)'c', (byte)'a', (byte)'f', 0xE9];
        var tar = new TarBuilder()
            .Raw(RawTar.Header(name, '0', 2))
            .Raw(RawTar.Pad("ok"u8.ToArray()))
            .Build();

        Apply(tar);

        using var root = FileSystemCalls.OpenDirectory(_root, readable: true);
        DirectoryEntries.Read(root).Select(e => e.Name).ShouldHaveSingleItem().ShouldBe(name);
    }

    [Fact]
    public void Apply_TrustedOverlayXattrInTheLayer_IsIgnoredWithAWarning()
    {
        var tar = new TarBuilder()
            .FileWithXattrs("f", [], ("trusted.overlay.redirect", "/elsewhere"u8.ToArray()))
            .Build();

        var result = Apply(tar);

        ExtendedAttributes.Get(At("f"), "trusted.overlay.redirect").ShouldBeNull();
        result.Warnings.ShouldHaveSingleItem().ShouldContain("trusted.overlay.redirect");
    }

    [Theory]
    [InlineData(TarEntryFormat.Pax)]
    [InlineData(TarEntryFormat.Gnu)]
    [InlineData(TarEntryFormat.Ustar)]
    [InlineData(TarEntryFormat.V7)]
    public void Apply_LongNamesInEveryFormat_AreReadBack(TarEntryFormat format)
    {
        var longDirectory = string.Join('/', Enumerable.Repeat("directory-name", 8));
        var longName = format is TarEntryFormat.Pax or TarEntryFormat.Gnu ? longDirectory + "/" + new string('f', 150) : longDirectory[..90] + "/file";
        var tar = new TarBuilder(format).File(longName, "content").Build();

        Apply(tar);

        File.ReadAllText(At(longName)).ShouldBe("content");
    }

    [Fact]
    public void Apply_GlobalPaxHeader_AppliesToFollowingEntries()
    {
        var global = RawTar.PaxHeader([("uid", "4242"u8.ToArray())]);
        global[156] = (byte)'g';
        FixChecksum(global);
        var tar = new TarBuilder()
            .Raw(global)
            .Raw(RawTar.Header("owned"u8.ToArray(), '0', 0))
            .Build();

        Apply(tar);

        FileSystemCalls.LStat(At("owned")).Uid.ShouldBe(4242u);
    }

    [Fact]
    public void Apply_Compressed_GzipAndZstdGiveTheDiffIdOfTheUncompressedTar()
    {
        var tar = SampleLayer();
        var diffId = LayerDigests.Sha256(tar);
        var gzip = Compress.Gzip(tar);
        var zstd = Compress.Zstd(tar);

        var plain = ApplyInto(tar, "plain");
        var gzipped = ApplyInto(gzip, "gzip");
        var zstded = ApplyInto(zstd, "zstd");

        plain.DiffId.ShouldBe(diffId);
        gzipped.DiffId.ShouldBe(diffId);
        zstded.DiffId.ShouldBe(diffId);
        (plain.Compression, gzipped.Compression, zstded.Compression).ShouldBe((LayerCompression.None, LayerCompression.Gzip, LayerCompression.Zstd));
        gzipped.CompressedDigest.ShouldBe(LayerDigests.Sha256(gzip));
        zstded.CompressedDigest.ShouldBe(LayerDigests.Sha256(zstd));
        zstded.CompressedSize.ShouldBe(zstd.Length);
        plain.UncompressedSize.ShouldBe(tar.Length);
        zstded.UncompressedSize.ShouldBe(tar.Length);
        File.ReadAllText(_temp.Combine("zstd", "etc", "os-release")).ShouldBe("ID=crisp\n");
    }

    [Fact]
    public void Apply_ExpectedDigestsThatMatch_Pass()
    {
        var gzip = Compress.Gzip(SampleLayer());

        var result = Apply(gzip, new LayerApplyOptions(LayerDigests.Sha256(gzip), LayerDigests.Sha256(SampleLayer())));

        result.Compression.ShouldBe(LayerCompression.Gzip);
    }

    [Fact]
    public void Apply_WrongExpectedDigest_Throws()
    {
        var gzip = Compress.Gzip(SampleLayer());
        var wrong = LayerDigests.Sha256("something else"u8);

        var error = Should.Throw<LayerDigestMismatchException>(() => Apply(gzip, new LayerApplyOptions(ExpectedDigest: wrong)));

        error.Expected.ShouldBe(wrong);
        error.Actual.ShouldBe(LayerDigests.Sha256(gzip));
    }

    [Fact]
    public void Apply_WrongExpectedDiffId_Throws()
    {
        var wrong = LayerDigests.Sha256("other"u8);

        Should.Throw<LayerDigestMismatchException>(() => Apply(SampleLayer(), new LayerApplyOptions(ExpectedDiffId: wrong)))
            .Message.ShouldContain("diffID");
    }

    [Fact]
    public void Apply_CorruptDownloadWithExpectedDigest_IsReportedAsADigestMismatch()
    {
        var gzip = Compress.Gzip(SampleLayer());
        var expected = LayerDigests.Sha256(gzip);
        var corrupt = gzip.ToArray();
        corrupt[corrupt.Length / 2] ^= 0xFF;

        var error = Should.Throw<LayerDigestMismatchException>(() => Apply(corrupt, new LayerApplyOptions(ExpectedDigest: expected)));

        error.Actual.ShouldBe(LayerDigests.Sha256(corrupt));
    }

    [Fact]
    public void Apply_TruncatedArchive_FailsWithAFormatError()
    {
        var tar = new TarBuilder().File("big", new byte[5000]).Build();

        Should.Throw<LayerFormatException>(() => Apply(tar[..2048])).Message.ShouldContain("truncated");
    }

    [Fact]
    public void Apply_NotATar_FailsWithAFormatError()
    {
        Should.Throw<LayerFormatException>(() => Apply(Encoding.ASCII.GetBytes(new string('x', 2000)))).Message.ShouldContain("checksum");
    }

    [Fact]
    public void Apply_EmptyArchive_HasTheDiffIdOfItsBytes()
    {
        var empty = RawTar.End();

        var result = Apply(empty);

        result.DiffId.ShouldBe(LayerDigests.Sha256(empty));
        result.Inodes.ShouldBe(0);
        Directory.GetFileSystemEntries(_root).ShouldBeEmpty();
    }

    [Fact]
    public void Apply_SampleLayer_CountsInodesAndContent()
    {
        var result = Apply(SampleLayer());

        result.Inodes.ShouldBe(7, "etc, os-release, bin, sh, the implicit usr and usr/bin, .keep");
        result.ContentSize.ShouldBe("ID=crisp\n".Length + "#!".Length);
    }

    [Fact]
    public void Apply_ZeroRuns_BecomeHolesWithTheRightLength()
    {
        var content = new byte[1 << 20];
        content[0] = 1;
        Apply(new TarBuilder().File("sparse", content).Build());

        var status = FileSystemCalls.LStat(At("sparse"));
        status.Size.ShouldBe(content.Length);
        (status.Blocks * 512).ShouldBeLessThan(content.Length);
        File.ReadAllBytes(At("sparse")).ShouldBe(content);
    }

    internal static byte[] SampleLayer() => new TarBuilder()
        .Directory("etc")
        .File("etc/os-release", "ID=crisp\n")
        .Directory("bin")
        .File("bin/sh", "#!", mode: 0x1ED)
        .File("usr/bin/.keep", [])
        .Build();

    private static void FixChecksum(byte[] header)
    {
        header.AsSpan(148, 8).Fill((byte)' ');
        var sum = header.AsSpan(0, 512).ToArray().Sum(b => (int)b);
        Encoding.ASCII.GetBytes(Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ").CopyTo(header, 148);
    }

    private LayerApplyResult Apply(byte[] blob, LayerApplyOptions? options = null) =>
        LayerApplier.Apply(new MemoryStream(blob), _root, options, TestContext.Current.CancellationToken);

    private LayerApplyResult ApplyInto(byte[] blob, string directory) =>
        LayerApplier.Apply(new MemoryStream(blob), _temp.Create(directory), null, TestContext.Current.CancellationToken);

    private string At(string relative) => Path.Combine(_root, relative.TrimStart('/'));
}

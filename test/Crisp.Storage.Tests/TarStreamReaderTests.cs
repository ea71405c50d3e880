using Crisp.Linux;
using Crisp.Storage.Tar;
using Crisp.Storage.Tests.Support;
using Shouldly;
using Xunit;

namespace Crisp.Storage.Tests;

public sealed class TarStreamReaderTests
{
    [Fact]
    public void PaxRecords_BinaryValueWithDelimiters_IsKeptExactly()
    {
        byte[] value = [0x00, (byte)'=', (byte)'\n', 0xFF, (byte)' ', 0x80];
        var data = RawTar.Record("SCHILY.xattr.user.x", value).Concat(RawTar.Record("path", "a b=c"u8.ToArray())).ToArray();
        var records = new Dictionary<string, byte[]>();

        PaxRecords.Parse(data, records);

        records["SCHILY.xattr.user.x"].ShouldBe(value);
        records["path"].ShouldBe("a b=c"u8.ToArray());
    }

    [Theory]
    [InlineData("10 path=\n")]
    [InlineData("99 path=x\n")]
    [InlineData("nolength")]
    [InlineData("8 =abc\n\n")]
    public void PaxRecords_Malformed_Throw(string text)
    {
        Should.Throw<LayerFormatException>(() => PaxRecords.Parse(System.Text.Encoding.ASCII.GetBytes(text), []));
    }

    [Fact]
    public void ParseField_OctalAndBase256()
    {
        TarNumbers.ParseField("0000644\0"u8).ShouldBe(420);
        TarNumbers.ParseField("  1750 \0"u8).ShouldBe(1000);
        TarNumbers.ParseField([0x80, 0, 0, 0, 0, 0, 0, 0x02, 0, 0, 0, 0]).ShouldBe(8L << 30);
        TarNumbers.ParseField([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]).ShouldBe(-1);
        Should.Throw<LayerFormatException>(() => TarNumbers.ParseField("12x4\0"u8));
    }

    [Fact]
    public void ParseTime_FractionsAndNegatives()
    {
        TarNumbers.ParseTime("1614834367.123456789"u8, "mtime").ShouldBe(new FileTimestamp(1614834367, 123456789));
        TarNumbers.ParseTime("5.5"u8, "mtime").ShouldBe(new FileTimestamp(5, 500000000));
        TarNumbers.ParseTime("-1.25"u8, "mtime").ShouldBe(new FileTimestamp(-2, 750000000));
        TarNumbers.ParseTime("42"u8, "mtime").ShouldBe(new FileTimestamp(42, 0));
    }

    [Fact]
    public void Next_ReadsEntriesDataAndTheEnd()
    {
        var tar = new TarBuilder().Directory("d").File("d/f", "hello").Symlink("l", "/x").Build();
        var reader = new TarStreamReader(new MemoryStream(tar));

        var directory = reader.Next().ShouldNotBeNull();
        directory.Type.ShouldBe(TarEntryType.Directory);
        directory.DisplayName.ShouldBe("d");
        var file = reader.Next().ShouldNotBeNull();
        file.Size.ShouldBe(5);
        var buffer = new byte[16];
        reader.ReadData(buffer).ShouldBe(5);
        reader.ReadData(buffer).ShouldBe(0);
        var link = reader.Next().ShouldNotBeNull();
        link.Type.ShouldBe(TarEntryType.Symlink);
        link.LinkName.ShouldBe("/x"u8.ToArray());
        reader.Next().ShouldBeNull();
    }

    [Fact]
    public void Next_UnreadDataIsSkipped()
    {
        var tar = new TarBuilder().File("a", new byte[1500]).File("b", "x").Build();
        var reader = new TarStreamReader(new MemoryStream(tar));

        reader.Next().ShouldNotBeNull().DisplayName.ShouldBe("a");
        reader.Next().ShouldNotBeNull().DisplayName.ShouldBe("b");
        reader.Next().ShouldBeNull();
    }

    [Fact]
    public void Next_BadChecksum_Throws()
    {
        var tar = new TarBuilder().File("a", "x").Build();
        tar[0] ^= 0x01;

        Should.Throw<LayerFormatException>(() => new TarStreamReader(new MemoryStream(tar)).Next()).Message.ShouldContain("checksum");
    }

    [Fact]
    public void Next_ArchiveWithoutEndBlocks_EndsCleanly()
    {
        var tar = new TarBuilder(System.Formats.Tar.TarEntryFormat.Ustar).File("a", "x").Build();
        var reader = new TarStreamReader(new MemoryStream(tar[..1024]));

        reader.Next().ShouldNotBeNull();
        reader.Next().ShouldBeNull();
    }

    [Fact]
    public void Next_SparseEntry_IsRefusedClearly()
    {
        var tar = RawTar.Header("sparse"u8.ToArray(), 'S', 0).Concat(RawTar.End()).ToArray();

        Should.Throw<LayerFormatException>(() => new TarStreamReader(new MemoryStream(tar)).Next()).Message.ShouldContain("sparse");
    }
}

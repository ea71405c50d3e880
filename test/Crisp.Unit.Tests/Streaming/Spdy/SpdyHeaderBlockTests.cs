using System.Buffers;
using System.Buffers.Binary;
using Crisp.Cri.Streaming.Spdy;
using Shouldly;

namespace Crisp.Unit.Tests.Streaming.Spdy;

public sealed class SpdyHeaderBlockTests
{
    [Fact]
    public void Write_ThenRead_KeepsNamesValuesAndOrder()
    {
        var headers = new SpdyHeaders { { "StreamType", "stdout" }, { "x-multi", "a" }, { "x-multi", "" }, { "x-multi", "c" }, { "port", "8080" } };
        var output = new ArrayBufferWriter<byte>();

        SpdyHeaderBlock.Write(headers, output);
        var read = SpdyHeaderBlock.Read(output.WrittenSpan);

        read.Select(pair => pair.Key).ShouldBe(["streamtype", "x-multi", "port"]);
        read.GetValues("x-multi").ShouldBe(["a", "", "c"]);
        read["STREAMTYPE"].ShouldBe("stdout");
    }

    [Fact]
    public void Write_MultipleValues_JoinsThemWithNul()
    {
        var output = new ArrayBufferWriter<byte>();

        SpdyHeaderBlock.Write(new SpdyHeaders { { "a", "x" }, { "a", "y" } }, output);

        Convert.ToHexStringLower(output.WrittenSpan).ShouldBe("00000001" + "00000001" + "61" + "00000003" + "780079");
    }

    [Fact]
    public void Read_UppercaseAndRepeatedNames_AreLowercasedAndMerged()
    {
        var block = Block(("Content-Type", "a"), ("content-type", "b"));

        var headers = SpdyHeaderBlock.Read(block);

        headers.Count.ShouldBe(1);
        headers.GetValues("content-type").ShouldBe(["a", "b"]);
    }

    [Fact]
    public void Read_CountLargerThanTheBlock_Throws()
    {
        var block = Block(("a", "b"));
        BinaryPrimitives.WriteUInt32BigEndian(block, 0x7FFFFFFF);

        Should.Throw<SpdyProtocolException>(() => SpdyHeaderBlock.Read(block)).Message.ShouldContain("claims 2147483647 pairs");
    }

    [Fact]
    public void Read_CountSmallerThanThePairs_ThrowsForTrailingBytes()
    {
        var block = Block(("a", "b"), ("c", "d"));
        BinaryPrimitives.WriteUInt32BigEndian(block, 1);

        Should.Throw<SpdyProtocolException>(() => SpdyHeaderBlock.Read(block)).Message.ShouldContain("after its last pair");
    }

    [Fact]
    public void Read_NameLengthPastTheEnd_Throws()
    {
        var block = Block(("name", "value"));
        BinaryPrimitives.WriteUInt32BigEndian(block.AsSpan(4), 1000);

        Should.Throw<SpdyProtocolException>(() => SpdyHeaderBlock.Read(block)).Message.ShouldContain("runs past the end");
    }

    [Fact]
    public void Read_ValueLengthPastTheEnd_Throws()
    {
        var block = Block(("name", "value"));
        BinaryPrimitives.WriteUInt32BigEndian(block.AsSpan(4 + 4 + 4), 0xFFFFFFFF);

        Should.Throw<SpdyProtocolException>(() => SpdyHeaderBlock.Read(block));
    }

    [Fact]
    public void Read_EmptyName_Throws()
    {
        Should.Throw<SpdyProtocolException>(() => SpdyHeaderBlock.Read(Block(("", "value")))).Message.ShouldContain("empty name");
    }

    [Fact]
    public void Read_TooShort_Throws()
    {
        Should.Throw<SpdyProtocolException>(() => SpdyHeaderBlock.Read([0, 0]));
    }

    [Fact]
    public void Add_NulInValue_Throws()
    {
        Should.Throw<ArgumentException>(() => new SpdyHeaders().Add("a", "x\0y"));
    }

    private static byte[] Block(params (string Name, string Value)[] pairs)
    {
        var bytes = new List<byte>();
        void Word(int value)
        {
            var word = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(word, value);
            bytes.AddRange(word);
        }

        Word(pairs.Length);
        foreach (var (name, value) in pairs)
        {
            Word(name.Length);
            bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(name));
            Word(value.Length);
            bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(value));
        }

        return [.. bytes];
    }
}

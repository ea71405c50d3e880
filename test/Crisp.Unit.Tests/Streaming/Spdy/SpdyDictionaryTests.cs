using System.Security.Cryptography;
using Crisp.Cri.Streaming.Spdy;
using Shouldly;

namespace Crisp.Unit.Tests.Streaming.Spdy;

public sealed class SpdyDictionaryTests
{
    [Fact]
    public void Bytes_AreTheSpdy3Dictionary()
    {
        var bytes = SpdyDictionary.Bytes.ToArray();

        bytes.Length.ShouldBe(1423);
        Adler32(bytes).ShouldBe(0xe3c6a7c2u);
        Convert.ToHexStringLower(SHA256.HashData(bytes)).ShouldBe("51d27341373f923f3cd88e1eb7162aeaa3723d7585ff2399201dc06498407f02");
    }

    private static uint Adler32(byte[] data)
    {
        uint a = 1, b = 0;
        foreach (var value in data)
        {
            a = (a + value) % 65521;
            b = (b + a) % 65521;
        }

        return (b << 16) | a;
    }
}

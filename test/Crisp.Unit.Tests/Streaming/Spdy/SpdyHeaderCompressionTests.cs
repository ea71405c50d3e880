using System.Buffers;
using System.Diagnostics;
using Crisp.Cri.Streaming.Spdy;
using Crisp.Linux.Zlib;
using Shouldly;

namespace Crisp.Unit.Tests.Streaming.Spdy;

public sealed class SpdyHeaderCompressionTests
{
    // Two consecutive header blocks from one zlib stream, made with python3's zlib (1.2.13) at test-authoring time:
    //   co = zlib.compressobj(9, zlib.DEFLATED, 15, 8, zlib.Z_DEFAULT_STRATEGY, spdy3_dictionary)
    //   co.compress(block) + co.flush(zlib.Z_SYNC_FLUSH), for each block in turn.
    private const string PythonFirstBlock = "78f9e3c6a7c202e50e703a2b294a4dcc851625aca9a0800632388b20d196094ace8c0600000000ffff";
    private const string PythonSecondBlock = "02a5500cc5c0e49d920f2eb53155b357e8e696e69464820b5b862400000000ffff";

    [Fact]
    public void Decompress_BlocksFromPythonZlib_YieldsTheirHeaders()
    {
        using var decompressor = new SpdyHeaderDecompressor(1024 * 1024);

        var first = decompressor.Decompress(Convert.FromHexString(PythonFirstBlock));
        var second = decompressor.Decompress(Convert.FromHexString(PythonSecondBlock));

        first.ToString().ShouldBe("streamtype: error, requestid: 0");
        second["streamtype"].ShouldBe("stdout");
        second["requestid"].ShouldBe("0");
        second.GetValues("x-multi").ShouldBe(["a", "b"]);
    }

    [Fact]
    public void Compress_Block_StartsWithTheDictionaryIdAndEndsWithASyncFlush()
    {
        using var compressor = new SpdyHeaderCompressor();
        var output = new ArrayBufferWriter<byte>();

        compressor.Compress(new SpdyHeaders { { "streamtype", "stdin" } }, output);

        var bytes = output.WrittenSpan.ToArray();
        bytes[0].ShouldBe((byte)0x78);
        (bytes[1] & 0x20).ShouldBe(0x20); // FDICT
        Convert.ToHexStringLower(bytes, 2, 4).ShouldBe("e3c6a7c2");
        Convert.ToHexStringLower(bytes[^4..]).ShouldBe("0000ffff");
    }

    [Fact]
    public async Task Compress_Blocks_DecompressWithPythonZlib()
    {
        var blocks = new[]
        {
            new SpdyHeaders { { "streamtype", "error" }, { "requestid", "0" } },
            new SpdyHeaders { { "streamtype", "stdout" }, { "requestid", "0" }, { "x-multi", "a" }, { "x-multi", "b" } },
            new SpdyHeaders { { "streamtype", "resize" }, { "port", "8080" } },
        };
        using var compressor = new SpdyHeaderCompressor();
        var compressed = new List<string>();
        var plain = new List<string>();
        foreach (var block in blocks)
        {
            var output = new ArrayBufferWriter<byte>();
            compressor.Compress(block, output);
            compressed.Add(Convert.ToHexStringLower(output.WrittenSpan));
            var raw = new ArrayBufferWriter<byte>();
            SpdyHeaderBlock.Write(block, raw);
            plain.Add(Convert.ToHexStringLower(raw.WrittenSpan));
        }

        var decoded = await RunPythonInflateAsync(compressed);

        decoded.ShouldBe(plain);
    }

    [Fact]
    public void Compress_ManyBlocks_RoundTripThroughOneContext()
    {
        using var compressor = new SpdyHeaderCompressor();
        using var decompressor = new SpdyHeaderDecompressor(1024 * 1024);
        var sizes = new List<int>();
        for (var i = 0; i < 100; i++)
        {
            var headers = new SpdyHeaders { { "streamtype", "data" }, { "port", "8080" }, { "requestid", i.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
            var output = new ArrayBufferWriter<byte>();
            compressor.Compress(headers, output);
            sizes.Add(output.WrittenCount);

            var decoded = decompressor.Decompress(output.WrittenSpan);

            decoded.ToString().ShouldBe(headers.ToString());
        }

        // The shared context makes repeated blocks much cheaper than the first.
        sizes[^1].ShouldBeLessThan(sizes[0] / 2);
    }

    [Fact]
    public void Decompress_Garbage_ThrowsProtocolError()
    {
        using var decompressor = new SpdyHeaderDecompressor(1024 * 1024);

        Should.Throw<SpdyProtocolException>(() => decompressor.Decompress([0x78, 0xf9, 0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03]));
    }

    [Fact]
    public void Decompress_OtherDictionary_ThrowsProtocolError()
    {
        using var deflater = new ZlibDeflater("not the spdy dictionary"u8);
        var output = new ArrayBufferWriter<byte>();
        deflater.CompressAndFlush([0, 0, 0, 0], output);
        using var decompressor = new SpdyHeaderDecompressor(1024 * 1024);

        var error = Should.Throw<SpdyProtocolException>(() => decompressor.Decompress(output.WrittenSpan));

        error.Message.ShouldContain("inflateSetDictionary");
    }

    [Fact]
    public void Decompress_BlockOverTheLimit_ThrowsProtocolError()
    {
        using var compressor = new SpdyHeaderCompressor();
        var output = new ArrayBufferWriter<byte>();
        compressor.Compress(new SpdyHeaders { { "big", new string('x', 64 * 1024) } }, output);
        using var decompressor = new SpdyHeaderDecompressor(16 * 1024);

        var error = Should.Throw<SpdyProtocolException>(() => decompressor.Decompress(output.WrittenSpan));

        output.WrittenCount.ShouldBeLessThan(1024);
        error.Message.ShouldContain("more than 16384 bytes");
    }

    private static async Task<List<string>> RunPythonInflateAsync(List<string> blocks)
    {
        const string Script = """
            import sys, zlib
            d = bytes.fromhex(sys.argv[1])
            z = zlib.decompressobj(15, d)
            for line in sys.stdin.read().split():
                print(z.decompress(bytes.fromhex(line)).hex())
            """;
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(Convert.ToHexStringLower(SpdyDictionary.Bytes));
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Skip("python3 is not installed");
            throw;
        }

        using (process)
        {
            using var timeout = TestTimeout.Start();
            await process.StandardInput.WriteAsync(string.Join('\n', blocks));
            process.StandardInput.Close();
            var stdout = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = await process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            process.ExitCode.ShouldBe(0, stderr);
            return [.. stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
        }
    }
}

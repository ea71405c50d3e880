using System.Text;

namespace Crisp.Bench.Images;

/// <summary>
/// Deterministic file content (a seeded <see cref="Random"/>, so the image and its digests are the same every run):
/// text drawn from a skewed vocabulary (compresses about 3:1 like docs and sources) and "binary" data mixing
/// vocabulary runs, repeated blocks and incompressible random stretches (about 2:1, like executables).
/// </summary>
internal sealed class ContentGenerator
{
    private const int VocabularySize = 4096;
    private const string Letters = "etaoinshrdlcumwfgypbvkjxqz_ETAOINSHRDLU0123456789";

    private readonly Random _random;
    private readonly byte[][] _words;

    public ContentGenerator(int seed)
    {
        _random = new Random(seed);
        _words = new byte[VocabularySize][];
        for (var i = 0; i < VocabularySize; i++)
        {
            var length = 2 + _random.Next(9);
            var word = new byte[length];
            for (var j = 0; j < length; j++)
            {
                word[j] = (byte)Letters[Math.Min(Letters.Length - 1, (int)(Letters.Length * Math.Pow(_random.NextDouble(), 1.6)))];
            }

            _words[i] = word;
        }
    }

    public int Next(int minInclusive, int maxExclusive) => _random.Next(minInclusive, maxExclusive);

    /// <summary>A size between the bounds, skewed towards the small end (as real file sizes are).</summary>
    public int Size(int min, int max) => min + (int)((max - min) * Math.Pow(_random.NextDouble(), 2.5));

    /// <summary>A lower-case name of one to three vocabulary words joined by '-'.</summary>
    public string Name(int maxWords = 2)
    {
        var count = 1 + _random.Next(maxWords);
        var name = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                name.Append('-');
            }

            name.Append(Encoding.ASCII.GetString(_words[_random.Next(VocabularySize)]).ToLowerInvariant().Replace('_', 'x'));
        }

        return name.ToString();
    }

    /// <summary>Text: vocabulary words (frequent ones much more often), spaces and line breaks.</summary>
    public byte[] Text(int size)
    {
        var buffer = new byte[size];
        FillText(buffer);
        return buffer;
    }

    /// <summary>Executable-like data in 4 KiB blocks: a quarter random, a quarter a repeat of an earlier block, the rest vocabulary.</summary>
    public byte[] Binary(int size)
    {
        const int Block = 4096;
        var buffer = new byte[size];
        for (var offset = 0; offset < size; offset += Block)
        {
            var block = buffer.AsSpan(offset, Math.Min(Block, size - offset));
            var kind = _random.Next(8);
            if (kind < 2)
            {
                _random.NextBytes(block);
            }
            else if (kind < 4 && offset >= Block)
            {
                var from = _random.Next(offset / Block) * Block;
                buffer.AsSpan(from, block.Length).CopyTo(block);
                block[_random.Next(block.Length)] ^= 0x5A; // Not an exact repeat.
            }
            else
            {
                FillText(block);
                for (var i = 0; i < block.Length; i += 1 + _random.Next(64))
                {
                    block[i] = (byte)_random.Next(32);
                }
            }
        }

        return buffer;
    }

    private void FillText(Span<byte> buffer)
    {
        var position = 0;
        while (position < buffer.Length)
        {
            var word = _words[(int)(VocabularySize * Math.Pow(_random.NextDouble(), 3))];
            var n = Math.Min(word.Length, buffer.Length - position);
            word.AsSpan(0, n).CopyTo(buffer[position..]);
            position += n;
            if (position < buffer.Length)
            {
                buffer[position++] = _random.Next(12) == 0 ? (byte)'\n' : (byte)' ';
            }
        }
    }
}

namespace Crisp.Storage.Apply;

/// <summary>Lexical normalisation of tar member names (raw bytes) into path components.</summary>
internal static class EntryPath
{
    /// <summary>
    /// Splits <paramref name="name"/> on '/', dropping empty and "." components and resolving ".."
    /// lexically. A leading '/' is dropped (absolute names become relative). Returns null when a ".."
    /// would climb above the root.
    /// </summary>
    public static List<byte[]>? Normalize(ReadOnlySpan<byte> name)
    {
        var parts = new List<byte[]>();
        foreach (var range in name.Split((byte)'/'))
        {
            var part = name[range];
            if (part.IsEmpty || part.SequenceEqual("."u8))
            {
                continue;
            }

            if (part.SequenceEqual(".."u8))
            {
                if (parts.Count == 0)
                {
                    return null;
                }

                parts.RemoveAt(parts.Count - 1);
                continue;
            }

            parts.Add(part.ToArray());
        }

        return parts;
    }

    /// <summary>The first <paramref name="count"/> components joined with '/'.</summary>
    public static byte[] Join(IReadOnlyList<byte[]> parts, int count)
    {
        var length = Math.Max(0, count - 1);
        for (var i = 0; i < count; i++)
        {
            length += parts[i].Length;
        }

        var result = new byte[length];
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                result[offset++] = (byte)'/';
            }

            parts[i].CopyTo(result, offset);
            offset += parts[i].Length;
        }

        return result;
    }
}

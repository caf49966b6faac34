namespace Evostream.Contracts.WireFormat;

/// <summary>
/// Confluent writes Protobuf message indexes as zig-zag varints (Java ByteUtils.writeVarint, .NET WriteVarint):
/// 32-bit zig-zag, then little-endian base-128 groups, at most 5 bytes.
/// </summary>
internal static class ZigZagVarint
{
    public static int Size(int value)
    {
        var encoded = ZigZag(value);
        var size = 1;
        while (encoded >= 0x80)
        {
            encoded >>= 7;
            size++;
        }

        return size;
    }

    public static int Write(Span<byte> destination, int value)
    {
        var encoded = ZigZag(value);
        var i = 0;
        while (encoded >= 0x80)
        {
            destination[i++] = (byte)(encoded | 0x80);
            encoded >>= 7;
        }

        destination[i++] = (byte)encoded;
        return i;
    }

    /// <summary>Reads one varint at <paramref name="offset"/>, naming <paramref name="what"/> in any error.</summary>
    public static int Read(ReadOnlySpan<byte> source, ref int offset, string what)
    {
        var start = offset;
        uint encoded = 0;
        for (var shift = 0; ; shift += 7)
        {
            if (offset >= source.Length)
            {
                throw new WireFormatException(WireFormatError.TruncatedHeader,
                    $"The {what} varint at byte {start} is truncated: the record ends inside it.");
            }

            var b = source[offset++];
            // The fifth byte may only carry the top 4 bits of a 32-bit value.
            if (shift == 28 && b > 0x0F)
            {
                throw new WireFormatException(WireFormatError.BadVarint,
                    $"The {what} varint at byte {start} is longer than 5 bytes or overflows 32 bits.");
            }

            encoded |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return (int)(encoded >> 1) ^ -(int)(encoded & 1);
            }
        }
    }

    private static uint ZigZag(int value) => (uint)((value << 1) ^ (value >> 31));
}

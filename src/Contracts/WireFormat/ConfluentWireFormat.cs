using System.Buffers.Binary;

using Google.Protobuf;

namespace Evostream.Contracts.WireFormat;

/// <summary>
/// The header Confluent serializers put before a Protobuf payload: magic byte 0, the schema id as a 4-byte
/// big-endian integer, then the message-index path as zig-zag varints (count, then indexes).
/// </summary>
public static class ConfluentWireFormat
{
    public const byte MagicByte = 0;

    /// <summary>Magic byte and schema id.</summary>
    public const int PrefixLength = 5;

    public static int HeaderLength(ReadOnlySpan<int> messageIndexes)
    {
        if (IsFirstMessage(messageIndexes))
        {
            return PrefixLength + 1;
        }

        var length = PrefixLength + ZigZagVarint.Size(messageIndexes.Length);
        foreach (var index in messageIndexes)
        {
            length += ZigZagVarint.Size(index);
        }

        return length;
    }

    /// <summary>Writes the header into <paramref name="destination"/> and returns how many bytes it took.</summary>
    public static int WriteHeader(Span<byte> destination, int schemaId, ReadOnlySpan<int> messageIndexes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(schemaId);
        if (messageIndexes.IsEmpty)
        {
            throw new ArgumentException("A message-index path names at least the top-level message.", nameof(messageIndexes));
        }

        foreach (var index in messageIndexes)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index, nameof(messageIndexes));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, HeaderLength(messageIndexes), nameof(destination));
        destination[0] = MagicByte;
        BinaryPrimitives.WriteInt32BigEndian(destination[1..], schemaId);
        var offset = PrefixLength;
        if (IsFirstMessage(messageIndexes))
        {
            // Confluent's optimisation for the common case: [0] is the single byte 0 (an empty list).
            destination[offset++] = 0;
            return offset;
        }

        offset += ZigZagVarint.Write(destination[offset..], messageIndexes.Length);
        foreach (var index in messageIndexes)
        {
            offset += ZigZagVarint.Write(destination[offset..], index);
        }

        return offset;
    }

    /// <summary>A whole record: header, then the message's Protobuf encoding.</summary>
    public static byte[] Encode(int schemaId, ReadOnlySpan<int> messageIndexes, IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var headerLength = HeaderLength(messageIndexes);
        var record = new byte[headerLength + message.CalculateSize()];
        WriteHeader(record, schemaId, messageIndexes);
        message.WriteTo(record.AsSpan(headerLength));
        return record;
    }

    public static WireHeader ReadHeader(ReadOnlySpan<byte> record)
    {
        if (record.IsEmpty)
        {
            throw new WireFormatException(WireFormatError.TruncatedHeader, "The record is empty; a Confluent wire-format record starts with magic byte 0x00.");
        }

        if (record[0] != MagicByte)
        {
            throw new WireFormatException(WireFormatError.BadMagicByte, $"The magic byte is 0x{record[0]:X2}; a Confluent wire-format record starts with 0x00.");
        }

        if (record.Length < PrefixLength)
        {
            throw new WireFormatException(WireFormatError.TruncatedHeader, $"The record is {record.Length} bytes; the magic byte and 4-byte schema id need {PrefixLength}.");
        }

        var schemaId = BinaryPrimitives.ReadInt32BigEndian(record[1..]);
        if (schemaId < 0)
        {
            throw new WireFormatException(WireFormatError.BadSchemaId, $"The schema id 0x{(uint)schemaId:X8} is negative; Schema Registry ids are positive.");
        }

        if (record.Length == PrefixLength)
        {
            throw new WireFormatException(WireFormatError.TruncatedHeader, "The record ends after the schema id; a Protobuf record continues with its message-index list.");
        }

        var offset = PrefixLength;
        var count = ZigZagVarint.Read(record, ref offset, "message-index count");
        if (count == 0)
        {
            return new WireHeader(schemaId, [0], offset);
        }

        if (count < 0)
        {
            throw new WireFormatException(WireFormatError.BadMessageIndexes, $"The message-index count is {count}; it cannot be negative.");
        }

        // Every index takes at least one byte; checking first keeps a hostile count from allocating.
        if (count > record.Length - offset)
        {
            throw new WireFormatException(WireFormatError.TruncatedHeader,
                $"The header declares {count} message indexes but only {record.Length - offset} bytes follow.");
        }

        var indexes = new int[count];
        for (var i = 0; i < count; i++)
        {
            indexes[i] = ZigZagVarint.Read(record, ref offset, $"message index #{i}");
            if (indexes[i] < 0)
            {
                throw new WireFormatException(WireFormatError.BadMessageIndexes, $"Message index #{i} is {indexes[i]}; it cannot be negative.");
            }
        }

        return new WireHeader(schemaId, indexes, offset);
    }

    private static bool IsFirstMessage(ReadOnlySpan<int> messageIndexes) => messageIndexes is [0];
}

/// <summary>A decoded header; the Protobuf payload starts at <see cref="Length"/>.</summary>
public sealed record WireHeader(int SchemaId, IReadOnlyList<int> MessageIndexes, int Length);

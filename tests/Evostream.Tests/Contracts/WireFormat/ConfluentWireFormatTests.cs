using Evostream.Contracts.WireFormat;
using Evostream.Tests.Contracts.Protos;

using Google.Protobuf;

namespace Evostream.Tests.Contracts.WireFormat;

public class ConfluentWireFormatTests
{
    // Worked by hand from the Confluent format: magic 0x00, schema id big-endian, then zig-zag varints
    // (zigzag(n) = 2n for n >= 0): the count, then each index; the path [0] alone is the single byte 0x00.
    public static TheoryData<int, int[], byte[]> Vectors => new()
    {
        { 1, [0], [0x00, 0x00, 0x00, 0x00, 0x01, 0x00] },
        { 1, [1], [0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x02] },
        { 1, [1, 0], [0x00, 0x00, 0x00, 0x00, 0x01, 0x04, 0x02, 0x00] },
        { 1, [0, 0], [0x00, 0x00, 0x00, 0x00, 0x01, 0x04, 0x00, 0x00] },
        { 7, [1, 0, 0], [0x00, 0x00, 0x00, 0x00, 0x07, 0x06, 0x02, 0x00, 0x00] },
        { 0x01020304, [0], [0x00, 0x01, 0x02, 0x03, 0x04, 0x00] },
        { int.MaxValue, [0], [0x00, 0x7F, 0xFF, 0xFF, 0xFF, 0x00] },
        // zigzag(64) = 128 = 0x80: two varint bytes, low group first.
        { 1, [64], [0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x80, 0x01] },
        // zigzag(int.MaxValue) = 0xFFFFFFFE: the longest varint, five bytes.
        { 1, [int.MaxValue], [0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0xFE, 0xFF, 0xFF, 0xFF, 0x0F] },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Writes_the_header_byte_for_byte(int schemaId, int[] indexes, byte[] expected)
    {
        Assert.Equal(expected.Length, ConfluentWireFormat.HeaderLength(indexes));
        var buffer = new byte[expected.Length + 3];
        Assert.Equal(expected.Length, ConfluentWireFormat.WriteHeader(buffer, schemaId, indexes));
        Assert.Equal(expected, buffer[..expected.Length]);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Reads_the_header_back(int schemaId, int[] indexes, byte[] bytes)
    {
        var header = ConfluentWireFormat.ReadHeader([.. bytes, 0x0A, 0x01]);
        Assert.Equal(schemaId, header.SchemaId);
        Assert.Equal(indexes, header.MessageIndexes);
        Assert.Equal(bytes.Length, header.Length);
    }

    [Fact]
    public void An_explicit_path_of_0_as_other_clients_write_it_reads_as_0()
    {
        // count 1 (0x02), index 0: longer than Confluent's single 0x00 but the same path.
        var header = ConfluentWireFormat.ReadHeader([0x00, 0x00, 0x00, 0x00, 0x09, 0x02, 0x00]);
        Assert.Equal(9, header.SchemaId);
        Assert.Equal([0], header.MessageIndexes);
        Assert.Equal(7, header.Length);
    }

    [Fact]
    public void Encode_puts_the_protobuf_payload_right_after_the_header()
    {
        var message = new TestCommand { CommandId = "c-1", Text = "hi" };
        var record = ConfluentWireFormat.Encode(0x01020304, [1, 0], message);
        Assert.Equal([0x00, 0x01, 0x02, 0x03, 0x04, 0x04, 0x02, 0x00], record[..8]);
        Assert.Equal(message.ToByteArray(), record[8..]);
    }

    public static TheoryData<byte[], WireFormatError, string> Malformed => new()
    {
        { [], WireFormatError.TruncatedHeader, "The record is empty; a Confluent wire-format record starts with magic byte 0x00." },
        { [0x01, 0x00, 0x00, 0x00, 0x01, 0x00], WireFormatError.BadMagicByte, "The magic byte is 0x01; a Confluent wire-format record starts with 0x00." },
        { [(byte)'{', (byte)'}'], WireFormatError.BadMagicByte, "The magic byte is 0x7B; a Confluent wire-format record starts with 0x00." },
        { [0x00, 0x00, 0x00, 0x01], WireFormatError.TruncatedHeader, "The record is 4 bytes; the magic byte and 4-byte schema id need 5." },
        { [0x00, 0x00, 0x00, 0x00, 0x01], WireFormatError.TruncatedHeader, "The record ends after the schema id; a Protobuf record continues with its message-index list." },
        { [0x00, 0x80, 0x00, 0x00, 0x00, 0x00], WireFormatError.BadSchemaId, "The schema id 0x80000000 is negative; Schema Registry ids are positive." },
        { [0x00, 0x00, 0x00, 0x00, 0x01, 0x80], WireFormatError.TruncatedHeader, "The message-index count varint at byte 5 is truncated: the record ends inside it." },
        { [0x00, 0x00, 0x00, 0x00, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], WireFormatError.BadVarint, "The message-index count varint at byte 5 is longer than 5 bytes or overflows 32 bits." },
        { [0x00, 0x00, 0x00, 0x00, 0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01], WireFormatError.BadVarint, "The message-index count varint at byte 5 is longer than 5 bytes or overflows 32 bits." },
        { [0x00, 0x00, 0x00, 0x00, 0x01, 0x01], WireFormatError.BadMessageIndexes, "The message-index count is -1; it cannot be negative." },
        { [0x00, 0x00, 0x00, 0x00, 0x01, 0x06, 0x02], WireFormatError.TruncatedHeader, "The header declares 3 message indexes but only 1 bytes follow." },
        { [0x00, 0x00, 0x00, 0x00, 0x01, 0x04, 0x02, 0x03], WireFormatError.BadMessageIndexes, "Message index #1 is -2; it cannot be negative." },
        { [0x00, 0x00, 0x00, 0x00, 0x01, 0x04, 0x02, 0x80], WireFormatError.TruncatedHeader, "The message index #1 varint at byte 7 is truncated: the record ends inside it." },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_header_says_what_is_wrong(byte[] record, WireFormatError error, string message)
    {
        var e = Assert.Throws<WireFormatException>(() => ConfluentWireFormat.ReadHeader(record));
        Assert.Equal(error, e.Error);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void The_writer_refuses_what_no_reader_could_decode()
    {
        var buffer = new byte[16];
        Assert.Throws<ArgumentOutOfRangeException>(() => ConfluentWireFormat.WriteHeader(buffer, -1, [0]));
        Assert.Throws<ArgumentException>(() => ConfluentWireFormat.WriteHeader(buffer, 1, []));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConfluentWireFormat.WriteHeader(buffer, 1, [1, -1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConfluentWireFormat.WriteHeader(new byte[5], 1, [0]));
    }
}

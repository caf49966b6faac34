using System.Text;

using Evostream.Contracts.WireFormat;
using Evostream.Tests.Contracts.Protos;

namespace Evostream.Tests.Contracts.WireFormat;

public class CommandRecordReaderTests
{
    private readonly CommandRecordReader<TestCommand> _reader = new(new ProtobufWireDeserializer<TestCommand>());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("{\"instance\":\"shop\",\"text\":\"hi\"}")]
    [InlineData(" \r\n\t{\"instance\":\"shop\"}")]
    public async Task A_json_object_is_handed_back_raw(string json)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        var record = await _reader.ReadAsync(bytes, Ct);
        Assert.Equal(RecordFormat.Json, record.Format);
        Assert.Equal(bytes, Assert.IsType<JsonCommandRecord<TestCommand>>(record).Utf8Json.ToArray());
    }

    [Fact]
    public async Task A_wire_format_record_is_parsed()
    {
        var command = new TestCommand { CommandId = "c-7", Text = "hello" };
        var record = await _reader.ReadAsync(ConfluentWireFormat.Encode(5, [0], command), Ct);
        Assert.Equal(RecordFormat.Protobuf, record.Format);
        Assert.Equal(command, Assert.IsType<ProtobufCommandRecord<TestCommand>>(record).Message);
    }

    [Fact]
    public async Task A_broken_wire_format_record_says_why()
    {
        var e = await Assert.ThrowsAsync<WireFormatException>(() => _reader.ReadAsync(new byte[] { 0x00, 0x00, 0x01 }, Ct).AsTask());
        Assert.Equal(WireFormatError.TruncatedHeader, e.Error);
    }

    [Theory]
    [InlineData(new byte[0], "The record is empty; expected a JSON object or a Confluent wire-format Protobuf record.")]
    [InlineData(new byte[] { 0x20, 0x0A }, "The record is only whitespace; expected a JSON object or a Confluent wire-format Protobuf record.")]
    [InlineData(new byte[] { 0x5B, 0x5D }, "The record's first non-whitespace byte is 0x5B ('[') at offset 0; expected a JSON object ('{') or a Confluent wire-format Protobuf record (magic byte 0x00).")]
    [InlineData(new byte[] { 0x20, 0x22, 0x78, 0x22 }, "The record's first non-whitespace byte is 0x22 ('\"') at offset 1; expected a JSON object ('{') or a Confluent wire-format Protobuf record (magic byte 0x00).")]
    [InlineData(new byte[] { 0x01, 0x00 }, "The record's first non-whitespace byte is 0x01 at offset 0; expected a JSON object ('{') or a Confluent wire-format Protobuf record (magic byte 0x00).")]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0x7B }, "The record's first non-whitespace byte is 0xEF at offset 0; expected a JSON object ('{') or a Confluent wire-format Protobuf record (magic byte 0x00).")]
    public async Task Anything_else_is_rejected_with_what_it_starts_with(byte[] bytes, string message)
    {
        var e = await Assert.ThrowsAsync<WireFormatException>(() => _reader.ReadAsync(bytes, Ct).AsTask());
        Assert.Equal(WireFormatError.UnknownFormat, e.Error);
        Assert.Equal(message, e.Message);
    }
}

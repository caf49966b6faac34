using System.Text;
using Evostream.Contracts.Commands;
using Evostream.Contracts.V1;
using Evostream.Contracts.WireFormat;

namespace Evostream.Tests.Contracts.Commands;

public class CommandRecordReaderTests
{
    private readonly CommandRecordReader _reader = new(new ProtobufWireDeserializer<CommandEnvelope>());

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static byte[] Wire(CommandEnvelope envelope) => ConfluentWireFormat.Encode(7, MessageIndexes.Of(CommandEnvelope.Descriptor), envelope);

    [Fact]
    public async Task Json_and_protobuf_forms_of_one_command_read_the_same()
    {
        var json = await _reader.ReadAsync(Encoding.UTF8.GetBytes("""{"command":"sendText","instance":"shop","commandId":"c-1","number":"5511999999999","text":"hi"}"""), Ct);
        Assert.True(json.IsValid, json.Error?.Message);
        var protobuf = await _reader.ReadAsync(Wire(json.Envelope), Ct);
        Assert.True(protobuf.IsValid, protobuf.Error?.Message);
        Assert.Equal(json.Envelope, protobuf.Envelope);
        Assert.Equal(new CommandHeader("sendText", "shop", "", "c-1"), protobuf.Header);
    }

    [Fact]
    public async Task A_protobuf_envelope_without_a_command_or_an_instance_is_refused_by_name()
    {
        var noCommand = await _reader.ReadAsync(Wire(new CommandEnvelope { Instance = "shop", CommandId = "c-2" }), Ct);
        Assert.Equal("'command' is missing: the envelope sets none of the command kinds", noCommand.Error!.Message);
        Assert.Equal("c-2", noCommand.Header.CommandId);

        var noInstance = await _reader.ReadAsync(Wire(new CommandEnvelope { SendText = new SendText { Number = "1", Text = "x" } }), Ct);
        Assert.Equal("'instance' is required", noInstance.Error!.Message);
        Assert.Equal("sendText", noInstance.Header.Command);
    }

    [Theory]
    [InlineData(new byte[] { 0x00, 0x00, 0x01 }, "the command is not a readable record: ")]
    [InlineData(new byte[] { 0x5B, 0x5D }, "the command is not a readable record: The record's first non-whitespace byte is 0x5B ('[')")]
    [InlineData(new byte[0], "the command is not a readable record: The record is empty")]
    public async Task Unreadable_records_are_invalid_results_not_exceptions(byte[] bytes, string start)
    {
        var result = await _reader.ReadAsync(bytes, Ct);
        Assert.False(result.IsValid);
        Assert.StartsWith(start, result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_json_error_keeps_its_field()
    {
        var result = await _reader.ReadAsync(Encoding.UTF8.GetBytes("""{"command":"sendText","instance":"shop","number":"1","text":"x","delay":-5}"""), Ct);
        Assert.Equal("delay", result.Error!.Field);
    }
}

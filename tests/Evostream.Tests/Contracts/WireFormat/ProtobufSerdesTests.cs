using System.Net;

using Confluent.SchemaRegistry;

using Evostream.Contracts.WireFormat;
using Evostream.Tests.Contracts.Protos;

using Google.Protobuf.WellKnownTypes;

namespace Evostream.Tests.Contracts.WireFormat;

public sealed class ProtobufSerdesTests : IAsyncLifetime
{
    private const string Topic = "wa.commands";
    private FakeSchemaRegistry _fake = null!;
    private CachedSchemaRegistryClient _registry = null!;

    public async ValueTask InitializeAsync()
    {
        _fake = await FakeSchemaRegistry.StartAsync();
        _registry = SchemaRegistryClients.Create(_fake.Url, null);
    }

    public async ValueTask DisposeAsync()
    {
        _registry.Dispose();
        await _fake.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static TestCommand Command() => new()
    {
        CommandId = "cmd-1",
        Text = "olá",
        Origin = new Origin { Instance = "shop", At = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero)) },
        Attachments = { new TestCommand.Types.Attachment { Url = "https://example.test/a.png" } },
    };

    [Fact]
    public async Task The_first_message_of_a_file_round_trips_behind_a_six_byte_header()
    {
        var record = await new ProtobufWireSerializer<TestCommand>(_registry).SerializeAsync(Command(), Topic, cancellationToken: Ct);

        // Ids 1 and 2 went to the imports (timestamp.proto, wire_common.proto), registered before the file itself.
        Assert.Equal([0x00, 0x00, 0x00, 0x00, 0x03, 0x00], record[..6]);
        Assert.Equal(Command(), await new ProtobufWireDeserializer<TestCommand>(_registry).DeserializeAsync(record, Ct));
    }

    [Fact]
    public async Task A_nested_message_carries_its_path_and_shares_its_files_schema_id()
    {
        var detail = new TestEvent.Types.Detail { Sequence = 42, Note = new TestEvent.Types.Detail.Types.Note { Text = "n" } };
        await new ProtobufWireSerializer<TestCommand>(_registry).SerializeAsync(Command(), Topic, cancellationToken: Ct);

        var record = await new ProtobufWireSerializer<TestEvent.Types.Detail>(_registry).SerializeAsync(detail, "wa.details", cancellationToken: Ct);

        Assert.Equal([0x00, 0x00, 0x00, 0x00, 0x03, 0x04, 0x02, 0x00], record[..8]);
        Assert.Equal(detail, await new ProtobufWireDeserializer<TestEvent.Types.Detail>(_registry).DeserializeAsync(record, Ct));
    }

    [Fact]
    public async Task Keys_use_the_key_subject()
    {
        await new ProtobufWireSerializer<TestCommand>(_registry).SerializeAsync(Command(), Topic, isKey: true, cancellationToken: Ct);
        Assert.Equal(1, _fake.Count("POST", "/subjects/wa.commands-key/versions"));
        Assert.Equal(0, _fake.Count("POST", "/subjects/wa.commands-value/versions"));
    }

    [Fact]
    public async Task A_record_of_another_message_type_is_refused()
    {
        var record = ConfluentWireFormat.Encode(3, [1, 0], new TestEvent.Types.Detail { Sequence = 1 });
        var e = await Assert.ThrowsAsync<WireFormatException>(() => new ProtobufWireDeserializer<TestCommand>().DeserializeAsync(record, Ct).AsTask());
        Assert.Equal(WireFormatError.UnexpectedMessageType, e.Error);
        Assert.Equal("The record's message indexes [1, 0] name evostream.test.wire.TestEvent.Detail, not the expected evostream.test.wire.TestCommand.", e.Message);
    }

    [Fact]
    public async Task A_path_outside_the_file_is_out_of_range()
    {
        byte[] record = [0x00, 0x00, 0x00, 0x00, 0x03, 0x02, 0x04, 0x0A, 0x00];
        var e = await Assert.ThrowsAsync<WireFormatException>(() => new ProtobufWireDeserializer<TestCommand>().DeserializeAsync(record, Ct).AsTask());
        Assert.Equal(WireFormatError.IndexOutOfRange, e.Error);
        Assert.Equal("Message index 2 at depth 0 of [2] is out of range: evostream_test/wire_test.proto has 2 top-level messages.", e.Message);
    }

    [Fact]
    public async Task A_broken_payload_is_named()
    {
        // Field 1, length 5, but only one byte follows.
        byte[] record = [0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x0A, 0x05, 0x61];
        var e = await Assert.ThrowsAsync<WireFormatException>(() => new ProtobufWireDeserializer<TestCommand>().DeserializeAsync(record, Ct).AsTask());
        Assert.Equal(WireFormatError.BadPayload, e.Error);
        Assert.StartsWith("The Protobuf payload is not a valid evostream.test.wire.TestCommand (schema id 3): ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_registry_only_the_record_is_checked()
    {
        var record = ConfluentWireFormat.Encode(12345, [0], Command());
        Assert.Equal(Command(), await new ProtobufWireDeserializer<TestCommand>().DeserializeAsync(record, Ct));
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task With_a_registry_an_unknown_schema_id_is_the_registrys_40403()
    {
        var record = ConfluentWireFormat.Encode(99, [0], Command());
        var e = await Assert.ThrowsAsync<SchemaRegistryException>(() => new ProtobufWireDeserializer<TestCommand>(_registry).DeserializeAsync(record, Ct).AsTask());
        Assert.Equal(HttpStatusCode.NotFound, e.Status);
        Assert.Equal(40403, e.ErrorCode);
        Assert.Equal("Schema 99 not found; error code: 40403", e.Message);
    }

    [Fact]
    public async Task With_a_registry_a_schema_id_of_another_type_is_refused()
    {
        var avroId = await _registry.RegisterSchemaAsync("other-value", new Schema("\"string\"", SchemaType.Avro));
        var record = ConfluentWireFormat.Encode(avroId, [0], Command());

        // A fresh client, so the type comes from the registry's answer and not from the registering client's cache.
        using var fresh = SchemaRegistryClients.Create(_fake.Url, null);
        var e = await Assert.ThrowsAsync<WireFormatException>(() => new ProtobufWireDeserializer<TestCommand>(fresh).DeserializeAsync(record, Ct).AsTask());
        Assert.Equal(WireFormatError.NotProtobufSchema, e.Error);
        Assert.Equal($"Schema id {avroId} is of type Avro; evostream.test.wire.TestCommand needs a Protobuf schema.", e.Message);
    }
}

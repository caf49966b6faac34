using Google.Protobuf;

namespace Evostream.Contracts.WireFormat;

/// <summary>A command record as it arrived: raw UTF-8 JSON for the JSON mapper, or the parsed Protobuf message.</summary>
public abstract record CommandRecord<T>(RecordFormat Format) where T : IMessage<T>;

public sealed record JsonCommandRecord<T>(ReadOnlyMemory<byte> Utf8Json) : CommandRecord<T>(RecordFormat.Json) where T : IMessage<T>;

public sealed record ProtobufCommandRecord<T>(T Message) : CommandRecord<T>(RecordFormat.Protobuf) where T : IMessage<T>;

/// <summary>Commands topics accept both Evolution-style JSON and Confluent wire-format Protobuf from any producer.</summary>
public sealed class CommandRecordReader<T>(ProtobufWireDeserializer<T> protobuf) where T : IMessage<T>, new()
{
    public async ValueTask<CommandRecord<T>> ReadAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default) =>
        RecordFormats.Detect(record.Span) == RecordFormat.Json
            ? new JsonCommandRecord<T>(record)
            : new ProtobufCommandRecord<T>(await protobuf.DeserializeAsync(record, cancellationToken));
}

using Confluent.SchemaRegistry;

using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Evostream.Contracts.WireFormat;

/// <summary>
/// Reads Confluent wire-format records as <typeparamref name="T"/>. With a registry, the writer's schema id must
/// name a Protobuf schema the registry knows; without one, only the header and payload are checked.
/// </summary>
public sealed class ProtobufWireDeserializer<T>(ISchemaRegistryClient? registry = null) where T : IMessage<T>, new()
{
    private static readonly MessageParser<T> s_parser = new(() => new T());
    private static readonly MessageDescriptor s_descriptor = new T().Descriptor;

    public async ValueTask<T> DeserializeAsync(ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
    {
        var header = ConfluentWireFormat.ReadHeader(record.Span);
        if (registry is not null)
        {
            var writer = await registry.GetSchemaAsync(header.SchemaId).WaitAsync(cancellationToken);
            if (writer.SchemaType != SchemaType.Protobuf)
            {
                throw new WireFormatException(WireFormatError.NotProtobufSchema,
                    $"Schema id {header.SchemaId} is of type {writer.SchemaType}; {s_descriptor.FullName} needs a Protobuf schema.");
            }
        }

        // Indexes are resolved in our own copy of the file: schemas evolve by appending messages, never by
        // reordering them, so a writer's path names the same message here.
        var named = MessageIndexes.Resolve(s_descriptor.File, header.MessageIndexes);
        if (named != s_descriptor)
        {
            throw new WireFormatException(WireFormatError.UnexpectedMessageType,
                $"The record's message indexes [{string.Join(", ", header.MessageIndexes)}] name {named.FullName}, not the expected {s_descriptor.FullName}.");
        }

        try
        {
            return s_parser.ParseFrom(record.Span[header.Length..]);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new WireFormatException(WireFormatError.BadPayload,
                $"The Protobuf payload is not a valid {s_descriptor.FullName} (schema id {header.SchemaId}): {e.Message}", e);
        }
    }
}

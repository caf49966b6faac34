using System.Collections.Concurrent;

using Confluent.SchemaRegistry;

using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Evostream.Contracts.WireFormat;

/// <summary>
/// Writes <typeparamref name="T"/> in the Confluent wire format, registering its .proto file (and imports)
/// under the topic's subject on first use.
/// </summary>
public sealed class ProtobufWireSerializer<T>(ISchemaRegistryClient registry) where T : IMessage<T>, new()
{
    private static readonly MessageDescriptor s_descriptor = new T().Descriptor;
    private static readonly int[] s_indexes = MessageIndexes.Of(s_descriptor);

    private readonly ConcurrentDictionary<string, int> _schemaIds = new(StringComparer.Ordinal);

    public async ValueTask<byte[]> SerializeAsync(T message, string topic, bool isKey = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var subject = TopicNameStrategy.Subject(topic, isKey);
        if (!_schemaIds.TryGetValue(subject, out var schemaId))
        {
            var schema = await ProtobufRegistration.SchemaWithReferencesAsync(registry, s_descriptor.File, cancellationToken);
            schemaId = _schemaIds[subject] = await registry.RegisterSchemaAsync(subject, schema).WaitAsync(cancellationToken);
        }

        return ConfluentWireFormat.Encode(schemaId, s_indexes, message);
    }
}

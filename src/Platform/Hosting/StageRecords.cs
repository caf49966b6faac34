using Confluent.SchemaRegistry;
using Evostream.Contracts.Commands;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Evostream.Contracts.WireFormat;
using Evostream.Platform.Configuration;

namespace Evostream.Platform.Hosting;

/// <summary>
/// How a stage reads commands and writes events, from the settings: the record format, the Schema Registry and the
/// event topics of the configured mode. The one place the CommandProcessor and the Connector both build them from.
/// </summary>
public sealed class StageRecords(EvostreamSettings settings)
{
    public ISchemaRegistryClient? Registry { get; } =
        settings.SchemaRegistry is { } r ? SchemaRegistryClients.Create(r.Url, r.BasicAuthUserInfo) : null;

    public EventEncoder Encoder => settings.RecordFormat == RecordFormat.Protobuf && Registry is not null ? EventEncoder.Protobuf(Registry) : EventEncoder.Json();

    public EventPublishing Publishing => new(settings.Kafka.TopicPrefix, PerInstanceTopics: settings.Kafka.InstanceTopics, GlobalTopics: settings.Kafka.GlobalEnabled, settings.ServerUrl.ToString().TrimEnd('/'), Feed: true);

    /// <summary>Reads commands in either format a producer may choose (JSON, or Protobuf in the wire format).</summary>
    public CommandRecordReader CommandReader() => new(new ProtobufWireDeserializer<CommandEnvelope>(Registry));
}

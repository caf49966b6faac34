using Evostream.Contracts.V1;
using Evostream.Contracts.WireFormat;
using Google.Protobuf;

namespace Evostream.CommandProcessor.State;

/// <summary>
/// Reads an instance-state record in whichever form the connector wrote it: plain Protobuf, the Schema Registry wire
/// format (magic byte 0, which plain Protobuf never starts with) or proto3 JSON.
/// </summary>
internal static class InstanceStateCodec
{
    private static readonly JsonParser s_json = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    /// <summary>What a tombstone on the instance-state topic means: the connector deleted the instance at <paramref name="at"/>.</summary>
    public static InstanceState Deleted(string instance, DateTimeOffset at) => new()
    {
        InstanceName = instance, Connection = InstanceFacts.Deleted, UpdatedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(at),
    };

    /// <exception cref="FormatException">The value is none of the three forms.</exception>
    public static InstanceState Read(byte[] value)
    {
        try
        {
            if (value.Length > 0 && value[0] == (byte)'{')
            {
                return s_json.Parse<InstanceState>(System.Text.Encoding.UTF8.GetString(value));
            }

            if (value.Length > 0 && value[0] == 0)
            {
                var header = ConfluentWireFormat.ReadHeader(value);
                return InstanceState.Parser.ParseFrom(value.AsSpan(header.Length));
            }

            return InstanceState.Parser.ParseFrom(value);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or WireFormatException)
        {
            throw new FormatException("not an evostream.v1.InstanceState record: " + e.Message, e);
        }
    }
}

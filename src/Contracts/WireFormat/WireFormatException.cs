namespace Evostream.Contracts.WireFormat;

/// <summary>What is wrong with a record, so callers can route it (dead-letter, reject) without parsing messages.</summary>
public enum WireFormatError
{
    UnknownFormat,
    BadMagicByte,
    TruncatedHeader,
    BadSchemaId,
    BadVarint,
    BadMessageIndexes,
    IndexOutOfRange,
    UnexpectedMessageType,
    NotProtobufSchema,
    BadPayload,
}

/// <summary>A record is not a valid Confluent wire-format Protobuf record (or JSON command) of the expected type.</summary>
public sealed class WireFormatException(WireFormatError error, string message, Exception? inner = null) : Exception(message, inner)
{
    public WireFormatError Error { get; } = error;
}

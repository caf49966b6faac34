namespace Evostream.Contracts.WireFormat;

/// <summary>How a record's value is encoded: Evolution-compatible JSON, or Protobuf in the Confluent wire format.</summary>
public enum RecordFormat { Json, Protobuf }

public static class RecordFormats
{
    /// <summary>JSON objects start with '{' after optional whitespace; wire-format records with magic byte 0x00, which JSON never contains.</summary>
    public static RecordFormat Detect(ReadOnlySpan<byte> record)
    {
        if (record.IsEmpty)
        {
            throw new WireFormatException(WireFormatError.UnknownFormat, "The record is empty; expected a JSON object or a Confluent wire-format Protobuf record.");
        }

        if (record[0] == ConfluentWireFormat.MagicByte)
        {
            return RecordFormat.Protobuf;
        }

        var start = record.IndexOfAnyExcept(" \t\r\n"u8);
        if (start < 0)
        {
            throw new WireFormatException(WireFormatError.UnknownFormat, "The record is only whitespace; expected a JSON object or a Confluent wire-format Protobuf record.");
        }

        return record[start] == (byte)'{'
            ? RecordFormat.Json
            : throw new WireFormatException(WireFormatError.UnknownFormat,
                $"The record's first non-whitespace byte is 0x{record[start]:X2}{Printable(record[start])} at offset {start}; expected a JSON object ('{{') or a Confluent wire-format Protobuf record (magic byte 0x00).");
    }

    private static string Printable(byte b) => b is >= 0x20 and < 0x7F ? $" ('{(char)b}')" : "";
}

using System.Globalization;
using System.Text.Json;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;

namespace Evostream.Contracts.Commands;

/// <summary>
/// Writes of the canonical JSON form: a field Evolution requires is always written, an optional one only when it
/// differs from its default, so reading and writing back gives the same bytes.
/// </summary>
internal static class JsonWriting
{
    public static void WriteIfNotEmpty(this Utf8JsonWriter json, ReadOnlySpan<byte> name, string value)
    {
        if (value.Length > 0)
        {
            json.WriteString(name, value);
        }
    }

    public static void WriteIfTrue(this Utf8JsonWriter json, ReadOnlySpan<byte> name, bool value)
    {
        if (value)
        {
            json.WriteBoolean(name, true);
        }
    }

    public static void WriteStrings(this Utf8JsonWriter json, ReadOnlySpan<byte> name, RepeatedField<string> values)
    {
        json.WriteStartArray(name);
        for (var i = 0; i < values.Count; i++)
        {
            json.WriteStringValue(values[i]);
        }

        json.WriteEndArray();
    }

    public static void WriteStringsIfAny(this Utf8JsonWriter json, ReadOnlySpan<byte> name, RepeatedField<string> values)
    {
        if (values.Count > 0)
        {
            json.WriteStrings(name, values);
        }
    }

    /// <summary>
    /// UTC with 0, 3, 6 or 9 fraction digits, as the proto3 JSON mapping writes a Timestamp: the shortest text that
    /// loses nothing, so an instant read from <c>2024-03-04T10:30:00Z</c> is written back the same.
    /// </summary>
    public static void WriteInstant(this Utf8JsonWriter json, ReadOnlySpan<byte> name, Timestamp at)
    {
        Span<char> text = stackalloc char[32];
        at.ToDateTime().TryFormat(text, out var length, "yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        if (at.Nanos != 0)
        {
            var (fraction, format) = at.Nanos % 1_000_000 == 0 ? (at.Nanos / 1_000_000, "D3")
                : at.Nanos % 1_000 == 0 ? (at.Nanos / 1_000, "D6")
                : (at.Nanos, "D9");
            text[length++] = '.';
            fraction.TryFormat(text[length..], out var digits, format, CultureInfo.InvariantCulture);
            length += digits;
        }

        text[length++] = 'Z';
        json.WriteString(name, text[..length]);
    }
}

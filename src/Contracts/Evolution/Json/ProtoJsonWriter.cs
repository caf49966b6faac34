using System.Numerics;
using System.Collections;
using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Evostream.Contracts.Evolution.Json;

/// <summary>
/// Writes a message as proto3 JSON with default values included, in field-number order, the bytes Google.Protobuf's
/// <c>JsonFormatter</c> gives once compacted, except that Timestamps take JavaScript's form (always milliseconds)
/// and the fields in <paramref name="nullWhenUnset"/> are written as <c>null</c> rather than left out.
/// </summary>
/// <remarks>The caller's <see cref="Utf8JsonWriter"/> chooses the escaping.</remarks>
public sealed class ProtoJsonWriter(FrozenSet<FieldDescriptor> nullWhenUnset)
{
    public void WriteMessage(Utf8JsonWriter json, IMessage message) => WriteMessage(json, message, MessagePlan.For(message.Descriptor));

    public void WriteMessage(Utf8JsonWriter json, IMessage message, MessagePlan plan)
    {
        if (plan.IsTimestamp)
        {
            Span<byte> text = stackalloc byte[TimestampJson.JavaScriptLength];
            json.WriteStringValue(text[..TimestampJson.WriteJavaScript((Timestamp)message, text)]);
            return;
        }

        json.WriteStartObject();
        foreach (var field in plan.Fields)
        {
            if (field.HasPresence && !field.Accessor.HasValue(message))
            {
                if (nullWhenUnset.Contains(field.Field))
                {
                    json.WriteNull(field.EncodedName);
                }

                continue;
            }

            json.WritePropertyName(field.EncodedName);
            var value = field.Accessor.GetValue(message);
            if (field.IsMap)
            {
                WriteMap(json, (IDictionary)value, field);
            }
            else if (field.IsRepeated)
            {
                json.WriteStartArray();
                foreach (var item in (IList)value)
                {
                    WriteSingle(json, item, field);
                }

                json.WriteEndArray();
            }
            else
            {
                WriteSingle(json, value, field);
            }
        }

        json.WriteEndObject();
    }

    /// <summary>One value of <paramref name="field"/>'s type: the field's own, or one element of a repeated field.</summary>
    public void WriteSingle(Utf8JsonWriter json, object value, FieldPlan field)
    {
        switch (field.Type)
        {
            case FieldType.String:
                json.WriteStringValue((string)value);
                break;
            case FieldType.Bool:
                json.WriteBooleanValue((bool)value);
                break;
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                json.WriteNumberValue((int)value);
                break;
            case FieldType.UInt32 or FieldType.Fixed32:
                json.WriteNumberValue((uint)value);
                break;
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                WriteQuoted(json, (long)value);
                break;
            case FieldType.UInt64 or FieldType.Fixed64:
                WriteQuoted(json, (ulong)value);
                break;
            case FieldType.Double:
                WriteFloatingPoint(json, (double)value);
                break;
            case FieldType.Float:
                WriteFloatingPoint(json, (float)value);
                break;
            case FieldType.Bytes:
                json.WriteStringValue(((ByteString)value).ToBase64());
                break;
            case FieldType.Enum:
                // Generated enums box as their CLR enum type; the number is what the descriptor knows.
                var number = Convert.ToInt32(value, CultureInfo.InvariantCulture);
                if (field.Field.EnumType.FindValueByNumber(number) is { } known)
                {
                    json.WriteStringValue(known.Name);
                }
                else
                {
                    json.WriteNumberValue(number);
                }

                break;
            case FieldType.Message or FieldType.Group:
                WriteMessage(json, (IMessage)value, field.Message);
                break;
            default:
                throw new NotSupportedException($"{field.Field.FullName} has type {field.Type}, which the codec does not write.");
        }
    }

    private void WriteMap(Utf8JsonWriter json, IDictionary map, FieldPlan field)
    {
        json.WriteStartObject();
        foreach (DictionaryEntry entry in map)
        {
            json.WritePropertyName(entry.Key switch
            {
                string text => text,
                bool flag => flag ? "true" : "false",
                IFormattable number => number.ToString("d", CultureInfo.InvariantCulture),
                _ => throw new NotSupportedException($"{field.Field.FullName} has keys of type {entry.Key.GetType()}."),
            });
            WriteSingle(json, entry.Value!, field.MapValue!);
        }

        json.WriteEndObject();
    }

    // proto3 JSON writes 64-bit integers as strings: JavaScript numbers cannot hold them.
    private static void WriteQuoted<T>(Utf8JsonWriter json, T value)
        where T : IUtf8SpanFormattable
    {
        Span<byte> text = stackalloc byte[20];
        value.TryFormat(text, out var written, "d", CultureInfo.InvariantCulture);
        json.WriteStringValue(text[..written]);
    }

    // The shortest text that reads back as the same value ("0.1", "1e+21", "-0"); NaN and the infinities, which
    // JSON numbers cannot spell, as strings.
    private static void WriteFloatingPoint<T>(Utf8JsonWriter json, T value)
        where T : IFloatingPointIeee754<T>
    {
        Span<byte> text = stackalloc byte[32];
        value.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture);
        if (T.IsFinite(value))
        {
            // With a lower-case exponent, as System.Text.Json and JavaScript write it.
            text[..written].Replace((byte)'E', (byte)'e');
            json.WriteRawValue(text[..written], skipInputValidation: true);
        }
        else
        {
            json.WriteStringValue(text[..written]);
        }
    }
}

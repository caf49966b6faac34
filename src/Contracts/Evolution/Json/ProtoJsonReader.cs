using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Evostream.Contracts.Evolution.Json;

/// <summary>
/// Reads proto3 JSON into messages, accepting what Google.Protobuf's <c>JsonParser</c> accepts with unknown fields
/// ignored: JSON or proto field names, <c>null</c> as unset, 64-bit integers and floating point as numbers or
/// strings, enum names or numbers. Errors are <see cref="ProtoJsonException"/>s naming the offending value.
/// </summary>
/// <remarks>
/// Each method starts with <paramref name="reader"/> on the value's first token and leaves it on its last token.
/// Malformed JSON surfaces as the reader's own <see cref="JsonException"/>.
/// </remarks>
public static class ProtoJsonReader
{
    private const NumberStyles NumericText = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    public static IMessage ReadMessage(ref Utf8JsonReader reader, MessagePlan plan)
    {
        if (plan.IsTimestamp)
        {
            return ReadTimestamp(ref reader);
        }

        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Mismatch("must be an object", ref reader);
        }

        var message = plan.Create();
        var seenOneofs = 0UL;
        var next = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = plan.Find(ref reader, ref next);
            reader.Read();
            if (field is null)
            {
                reader.Skip();
                continue;
            }

            try
            {
                if (field.OneofIndex >= 0)
                {
                    var bit = 1UL << field.OneofIndex;
                    if ((seenOneofs & bit) != 0)
                    {
                        var oneof = field.Field.ContainingOneof;
                        throw new ProtoJsonException(oneof.IsSynthetic ? "is given twice" : $"is a second value for '{oneof.Name}', which takes one");
                    }

                    seenOneofs |= bit;
                }

                ReadField(ref reader, message, field);
            }
            catch (ProtoJsonException e)
            {
                e.Within("." + field.JsonName);
                throw;
            }
        }

        return message;
    }

    /// <summary>Reads the value of <paramref name="field"/> into <paramref name="message"/>; <c>null</c> clears it.</summary>
    public static void ReadField(ref Utf8JsonReader reader, IMessage message, FieldPlan field)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            field.Accessor.Clear(message);
        }
        else if (field.IsMap)
        {
            ReadMap(ref reader, (IDictionary)field.Accessor.GetValue(message), field);
        }
        else if (field.IsRepeated)
        {
            ReadRepeated(ref reader, (IList)field.Accessor.GetValue(message), field);
        }
        else
        {
            field.Accessor.SetValue(message, ReadSingle(ref reader, field));
        }
    }

    private static void ReadRepeated(ref Utf8JsonReader reader, IList list, FieldPlan field)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Mismatch("must be an array", ref reader);
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            try
            {
                if (reader.TokenType == JsonTokenType.Null)
                {
                    throw new ProtoJsonException("must not be null");
                }

                list.Add(ReadSingle(ref reader, field));
            }
            catch (ProtoJsonException e)
            {
                e.Within($"[{list.Count}]");
                throw;
            }
        }
    }

    private static void ReadMap(ref Utf8JsonReader reader, IDictionary map, FieldPlan field)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw Mismatch("must be an object", ref reader);
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var keyText = reader.GetString()!;
            reader.Read();
            try
            {
                var key = MapKey(keyText, field.MapKey!);
                if (reader.TokenType == JsonTokenType.Null)
                {
                    throw new ProtoJsonException("must not be null");
                }

                map[key] = ReadSingle(ref reader, field.MapValue!);
            }
            catch (ProtoJsonException e)
            {
                e.Within($"[\"{keyText}\"]");
                throw;
            }
        }
    }

    /// <summary>One non-null value of <paramref name="field"/>'s type.</summary>
    private static object ReadSingle(ref Utf8JsonReader reader, FieldPlan field) => field.Type switch
    {
        FieldType.Message or FieldType.Group => ReadMessage(ref reader, field.Message),
        FieldType.Bool when reader.TokenType is JsonTokenType.True or JsonTokenType.False => reader.TokenType == JsonTokenType.True,
        FieldType.Bool => throw Mismatch("must be a boolean", ref reader),
        FieldType.String when reader.TokenType == JsonTokenType.String => Text(ref reader),
        FieldType.String => throw Mismatch("must be a string", ref reader),
        FieldType.Bytes when reader.TokenType == JsonTokenType.String => Base64(Text(ref reader)),
        FieldType.Bytes => throw Mismatch("must be a base64 string", ref reader),
        FieldType.Enum => ReadEnum(ref reader, field.Field.EnumType),
        _ => ReadNumber(ref reader, field.Type),
    };

    private static object ReadNumber(ref Utf8JsonReader reader, FieldType type)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            // Plain integers need no detour; anything else goes through a double, as proto3 JSON numbers are
            // JavaScript numbers: 1e3 is an integer, and a 64-bit value keeps only a double's precision.
            return type switch
            {
                FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 when reader.TryGetInt32(out var small) => (object)small,
                FieldType.UInt32 or FieldType.Fixed32 when reader.TryGetUInt32(out var small) => (object)small,
                _ => FromDouble(Number(ref reader), type),
            };
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw Mismatch(type is FieldType.Double or FieldType.Float ? "must be a number" : "must be an integer", ref reader);
        }

        var escaped = reader.ValueIsEscaped ? System.Text.Encoding.UTF8.GetBytes(reader.GetString()!) : null;
        var text = escaped ?? reader.ValueSpan;
        return type switch
        {
            FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => (object)ParseText<int>(text),
            FieldType.UInt32 or FieldType.Fixed32 => (object)ParseText<uint>(text),
            FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => (object)ParseText<long>(text),
            FieldType.UInt64 or FieldType.Fixed64 => (object)ParseText<ulong>(text),
            FieldType.Double => (object)SpelledOut(ParseText<double>(text), text),
            FieldType.Float => (object)SpelledOut(ParseText<float>(text), text),
            _ => throw new NotSupportedException($"Field type {type} is not a number."),
        };
    }

    // JSON numbers are doubles; one too large for a double is refused rather than read as infinity.
    private static double Number(ref Utf8JsonReader reader)
    {
        var value = double.Parse(reader.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture);
        return double.IsFinite(value) ? value : throw new ProtoJsonException($"is out of range for a double: {System.Text.Encoding.UTF8.GetString(reader.ValueSpan)}");
    }

    private static object FromDouble(double value, FieldType type)
    {
        if (type is FieldType.Double)
        {
            return value;
        }

        if (type is FieldType.Float)
        {
            var single = (float)value;
            return float.IsInfinity(single) && !double.IsInfinity(value) ? throw new ProtoJsonException($"is out of range for a float: {value}") : single;
        }

        if (!double.IsFinite(value) || value != Math.Floor(value))
        {
            throw new ProtoJsonException($"must be an integer, not {value.ToString("R", CultureInfo.InvariantCulture)}");
        }

        try
        {
            return type switch
            {
                FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => (object)checked((int)value),
                FieldType.UInt32 or FieldType.Fixed32 => (object)checked((uint)value),
                FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => (object)checked((long)value),
                FieldType.UInt64 or FieldType.Fixed64 => (object)checked((ulong)value),
                _ => throw new NotSupportedException($"Field type {type} is not a number."),
            };
        }
        catch (OverflowException)
        {
            throw new ProtoJsonException($"is out of range for {TypeName(type)}: {value.ToString("R", CultureInfo.InvariantCulture)}");
        }
    }

    // A number in a string, as 64-bit integers are written: no '+', no leading zeros, decimal point and exponent allowed.
    private static T ParseText<T>(ReadOnlySpan<byte> text)
        where T : INumberBase<T>
    {
        if ((text.Length > 0 && text[0] == '+')
            || (text.Length > 1 && text[0] == '0' && char.IsAsciiDigit((char)text[1]))
            || (text.Length > 2 && text[0] == '-' && text[1] == '0' && char.IsAsciiDigit((char)text[2])))
        {
            throw new ProtoJsonException($"is not a number: \"{System.Text.Encoding.UTF8.GetString(text)}\"");
        }

        try
        {
            return T.Parse(text, NumericText, CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            throw new ProtoJsonException($"is not a number of its type: \"{System.Text.Encoding.UTF8.GetString(text)}\"");
        }
        catch (OverflowException)
        {
            throw new ProtoJsonException($"is out of range: \"{System.Text.Encoding.UTF8.GetString(text)}\"");
        }
    }

    // Only the exact spellings proto3 JSON uses stand for NaN and the infinities, not "infinity" or "1e999".
    private static T SpelledOut<T>(T value, ReadOnlySpan<byte> text)
        where T : IFloatingPointIeee754<T>
    {
        var spelled = T.IsNaN(value) ? text.SequenceEqual("NaN"u8)
            : T.IsPositiveInfinity(value) ? text.SequenceEqual("Infinity"u8)
            : !T.IsNegativeInfinity(value) || text.SequenceEqual("-Infinity"u8);
        return spelled ? value : throw new ProtoJsonException($"is not a number: \"{System.Text.Encoding.UTF8.GetString(text)}\"");
    }

    // A name the enum does not know is refused, as Google.Protobuf 3.25's parser refuses it; numbers are taken as they come.
    private static object ReadEnum(ref Utf8JsonReader reader, EnumDescriptor type)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                var name = Text(ref reader);
                return type.FindValueByName(name)?.Number ?? throw new ProtoJsonException($"must be a name of {type.Name} or its number, not \"{name}\"");
            case JsonTokenType.Number:
                return FromDouble(Number(ref reader), FieldType.Int32);
            default:
                throw Mismatch($"must be a name of {type.Name} or its number", ref reader);
        }
    }

    private static Timestamp ReadTimestamp(ref Utf8JsonReader reader)
    {
        const string Expected = "must be an RFC 3339 time such as \"2024-03-04T10:30:00.000Z\"";
        if (reader.TokenType != JsonTokenType.String)
        {
            throw Mismatch(Expected, ref reader);
        }

        var text = Text(ref reader);
        return TimestampJson.TryParse(text, out var timestamp) ? timestamp : throw new ProtoJsonException($"{Expected}, not \"{text}\"");
    }

    private static object MapKey(string text, FieldPlan key) => key.Type switch
    {
        FieldType.String => text,
        FieldType.Bool => text switch
        {
            "true" => true,
            "false" => false,
            _ => throw new ProtoJsonException("is not a boolean key"),
        },
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => ParseText<int>(System.Text.Encoding.UTF8.GetBytes(text)),
        FieldType.UInt32 or FieldType.Fixed32 => ParseText<uint>(System.Text.Encoding.UTF8.GetBytes(text)),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => ParseText<long>(System.Text.Encoding.UTF8.GetBytes(text)),
        FieldType.UInt64 or FieldType.Fixed64 => ParseText<ulong>(System.Text.Encoding.UTF8.GetBytes(text)),
        _ => throw new NotSupportedException($"Map keys of type {key.Type} do not exist in proto3."),
    };

    private static string Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            throw new ProtoJsonException("is not valid Unicode text", e);
        }
    }

    private static ByteString Base64(string text)
    {
        try
        {
            return ByteString.FromBase64(text);
        }
        catch (FormatException e)
        {
            throw new ProtoJsonException("must be base64", e);
        }
    }

    private static ProtoJsonException Mismatch(string expected, ref Utf8JsonReader reader) => new($"{expected}, not {reader.TokenType switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        _ => reader.TokenType.ToString(),
    }}");

    private static string TypeName(FieldType type) => type switch
    {
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => "a 32-bit integer",
        FieldType.UInt32 or FieldType.Fixed32 => "an unsigned 32-bit integer",
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => "a 64-bit integer",
        _ => "an unsigned 64-bit integer",
    };
}

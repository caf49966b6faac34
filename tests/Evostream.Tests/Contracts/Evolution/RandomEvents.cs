using System.Collections;
using System.Text;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Evostream.Tests.Contracts.Evolution;

/// <summary>
/// Envelopes of every event kind with every field of the data message filled from a seeded <see cref="Random"/>,
/// recursively through the descriptors, reaching for the values codecs get wrong: escapes, non-BMP text, 64-bit
/// extremes, negative zero, 1e21, empty and full lists and maps, optional fields set to their default or unset.
/// </summary>
public sealed class RandomEvents(int seed)
{
    private static readonly string[] s_texts =
    [
        "", "a", "Olá, São João ção", "emoji 👋🏽 and 𝄞", "中文字符", "quote \" backslash \\ slash /", "tab\tnew\nline\rcr",
        "\u0000\u0001\u001f\u007f", "<script>&amp;</script>", "line\u2028sep\u2029", "\uFEFFbom", "\u00e9\u0301", "5511999999999@s.whatsapp.net",
    ];

    private static readonly double[] s_doubles =
    [
        0, -0.0, 0.1, 1e21, 1e-7, 100, -42.5, 1.7976931348623157e308, 4.9e-324, 123456789.123456789, double.NaN,
        double.PositiveInfinity, double.NegativeInfinity, 9007199254740993, -1e-300,
    ];

    private readonly Random _random = new(seed);

    /// <summary>An envelope of <paramref name="kind"/>; its top-level progress is never NaN, as Evolution's body cannot carry it.</summary>
    public EventEnvelope Envelope(EventEnvelope.DataOneofCase kind)
    {
        var envelope = new EventEnvelope
        {
            EventId = Guid.NewGuid().ToString(),
            Instance = "i" + Text(),
            Sender = _random.Next(3) == 0 ? "" : Text(),
            CausationCommandId = _random.Next(2) == 0 ? "" : "c-" + _random.Next(),
            OccurredAt = new Timestamp { Seconds = _random.NextInt64(0, 4_102_444_800), Nanos = _random.Next(1_000) * 1_000_000 },
        };
        var field = EventEnvelope.Descriptor.FindFieldByNumber((int)kind);
        var data = Message(field.MessageType, depth: 0);
        if (data is MessagesSet set && !double.IsFinite(set.Progress))
        {
            set.Progress = 0.1;
        }

        field.Accessor.SetValue(envelope, data);
        return envelope;
    }

    private IMessage Message(MessageDescriptor type, int depth)
    {
        if (type == Timestamp.Descriptor)
        {
            // Anywhere from year 1 to 9999, with nanoseconds the body's milliseconds cannot all carry.
            return new Timestamp { Seconds = _random.NextInt64(-62_135_596_800, 253_402_300_799), Nanos = _random.Next(2) == 0 ? _random.Next(1_000) * 1_000_000 : _random.Next(1_000_000_000) };
        }

        var message = (IMessage)Activator.CreateInstance(type.ClrType)!;
        foreach (var oneof in type.Oneofs.Where(o => !o.IsSynthetic))
        {
            var choice = _random.Next(oneof.Fields.Count + 1);
            if (choice < oneof.Fields.Count)
            {
                Fill(message, oneof.Fields[choice], depth);
            }
        }

        foreach (var field in type.Fields.InDeclarationOrder().Where(f => f.RealContainingOneof is null))
        {
            // Unset optional and message fields are left out (or written as null) rather than written as defaults.
            if ((field.HasPresence && _random.Next(3) == 0) || (field.FieldType == FieldType.Message && !field.IsRepeated && depth > 3))
            {
                continue;
            }

            Fill(message, field, depth);
        }

        return message;
    }

    private void Fill(IMessage message, FieldDescriptor field, int depth)
    {
        if (field.IsMap)
        {
            var map = (IDictionary)field.Accessor.GetValue(message);
            var valueField = field.MessageType.FindFieldByNumber(2);
            for (var i = _random.Next(4); i > 0; i--)
            {
                map[Text() + i] = Value(valueField, depth + 1);
            }
        }
        else if (field.IsRepeated)
        {
            var list = (IList)field.Accessor.GetValue(message);
            for (var i = depth > 3 ? 0 : _random.Next(4); i > 0; i--)
            {
                list.Add(Value(field, depth + 1));
            }
        }
        else
        {
            field.Accessor.SetValue(message, Value(field, depth + 1));
        }
    }

    private object Value(FieldDescriptor field, int depth) => field.FieldType switch
    {
        FieldType.String => Text(),
        FieldType.Bool => _random.Next(2) == 0,
        FieldType.Int32 => Pick(int.MinValue, int.MaxValue, -1, 0, 1, 200, _random.Next(int.MinValue, int.MaxValue)),
        FieldType.UInt32 => Pick(0u, 1u, uint.MaxValue, 1709548200u, (uint)_random.NextInt64(0, uint.MaxValue)),
        FieldType.Int64 => Pick(long.MinValue, long.MaxValue, -1L, 0L, _random.NextInt64(long.MinValue, long.MaxValue)),
        FieldType.UInt64 => Pick(0UL, ulong.MaxValue, 9_007_199_254_740_993UL, (ulong)_random.NextInt64(0, long.MaxValue)),
        FieldType.Double => Pick(s_doubles),
        FieldType.Bytes => ByteString.CopyFrom([.. Enumerable.Range(0, _random.Next(6)).Select(_ => (byte)_random.Next(256))]),
        FieldType.Message => Message(field.MessageType, depth),
        _ => throw new NotSupportedException($"{field.FullName}: add {field.FieldType} to the generator."),
    };

    private string Text()
    {
        if (_random.Next(3) != 0)
        {
            return Pick(s_texts);
        }

        // Any scalar value: ASCII, controls, BMP, and pairs beyond it; never a lone surrogate, which no JSON writer keeps.
        var text = new StringBuilder();
        for (var i = _random.Next(8); i > 0; i--)
        {
            var scalar = _random.Next(4) switch
            {
                0 => _random.Next(0, 0x80),
                1 => _random.Next(0x80, 0xD800),
                2 => _random.Next(0xE000, 0x10000),
                _ => _random.Next(0x10000, 0x110000),
            };
            text.Append(char.ConvertFromUtf32(scalar));
        }

        return text.ToString();
    }

    private T Pick<T>(params T[] values) => values[_random.Next(values.Length)];
}

using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Evostream.Contracts.Evolution.Json;

/// <summary>
/// What the proto3 JSON codec needs of one message type, worked out once from its descriptor: fields in field-number
/// order with their JSON names pre-encoded, and a lookup of incoming property names as UTF-8.
/// </summary>
public sealed class MessagePlan
{
    private static readonly ConcurrentDictionary<MessageDescriptor, MessagePlan> s_plans = new();

    // Well-known types whose proto3 JSON is not a plain object; none is in Evostream's schemas, and each would need
    // its own form, so a schema that starts using one fails loudly here rather than writing the wrong JSON.
    private static readonly HashSet<string> s_unsupported =
    [
        Duration.Descriptor.FullName, FieldMask.Descriptor.FullName, Struct.Descriptor.FullName, Value.Descriptor.FullName,
        ListValue.Descriptor.FullName, Any.Descriptor.FullName, Int32Value.Descriptor.FullName, Int64Value.Descriptor.FullName,
        UInt32Value.Descriptor.FullName, UInt64Value.Descriptor.FullName, FloatValue.Descriptor.FullName,
        DoubleValue.Descriptor.FullName, BoolValue.Descriptor.FullName, StringValue.Descriptor.FullName, BytesValue.Descriptor.FullName,
    ];

    private MessagePlan(MessageDescriptor descriptor)
    {
        if (s_unsupported.Contains(descriptor.FullName))
        {
            throw new NotSupportedException($"{descriptor.FullName} has a JSON form of its own that Evostream's codec does not implement.");
        }

        if (descriptor.Oneofs.Count > 64)
        {
            throw new NotSupportedException($"{descriptor.FullName} has more than 64 oneofs.");
        }

        Descriptor = descriptor;
        IsTimestamp = descriptor.FullName == Timestamp.Descriptor.FullName;
        _fields = [.. descriptor.Fields.InFieldNumberOrder().Select(f => new FieldPlan(f))];
        _create = typeof(MessagePlan).GetMethod(nameof(Construct), BindingFlags.NonPublic | BindingFlags.Static)!
            .MakeGenericMethod(descriptor.ClrType)
            .CreateDelegate<Func<IMessage>>();
    }

    private readonly Func<IMessage> _create;

    private readonly FieldPlan[] _fields;

    public MessageDescriptor Descriptor { get; }

    /// <summary>google.protobuf.Timestamp: a string in JSON, not an object.</summary>
    public bool IsTimestamp { get; }

    /// <summary>In field-number order, the order proto3 JSON writes them in.</summary>
    public IReadOnlyList<FieldPlan> Fields => _fields;

    /// <summary>A new, empty message of the type.</summary>
    public IMessage Create() => _create();

    public static MessagePlan For(MessageDescriptor descriptor) => s_plans.GetOrAdd(descriptor, static d => new MessagePlan(d));

    /// <summary>
    /// The field the current property name names, by JSON name or proto name as proto3 JSON parsers accept;
    /// <paramref name="next"/> is where to look first, as properties usually come in the order they were written.
    /// </summary>
    public FieldPlan? Find(ref Utf8JsonReader reader, ref int next)
    {
        var fields = _fields;
        for (var i = 0; i < fields.Length; i++)
        {
            var index = next + i;
            if (index >= fields.Length)
            {
                index -= fields.Length;
            }

            var field = fields[index];
            if (reader.ValueTextEquals(field.JsonNameUtf8) || (field.ProtoNameUtf8 is { } proto && reader.ValueTextEquals(proto)))
            {
                next = index + 1 == fields.Length ? 0 : index + 1;
                return field;
            }
        }

        return null;
    }

    private static IMessage Construct<T>()
        where T : IMessage, new() => new T();
}


/// <summary>One field of a <see cref="MessagePlan"/>.</summary>
public sealed class FieldPlan
{
    private static readonly JavaScriptEncoder s_encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private MessagePlan? _message;

    internal FieldPlan(FieldDescriptor field)
    {
        Field = field;
        Accessor = field.Accessor;
        JsonName = field.JsonName;
        EncodedName = JsonEncodedText.Encode(field.JsonName, s_encoder);
        JsonNameUtf8 = System.Text.Encoding.UTF8.GetBytes(field.JsonName);
        ProtoNameUtf8 = field.Name == field.JsonName ? null : System.Text.Encoding.UTF8.GetBytes(field.Name);
        Type = field.FieldType;
        IsMap = field.IsMap;
        IsRepeated = field.IsRepeated && !field.IsMap;
        HasPresence = field.HasPresence;
        OneofIndex = field.ContainingOneof?.Index ?? -1;
        if (IsMap)
        {
            MapKey = new FieldPlan(field.MessageType.FindFieldByNumber(1));
            MapValue = new FieldPlan(field.MessageType.FindFieldByNumber(2));
        }
    }

    public FieldDescriptor Field { get; }

    public IFieldAccessor Accessor { get; }

    public string JsonName { get; }

    public JsonEncodedText EncodedName { get; }

    public byte[] JsonNameUtf8 { get; }

    /// <summary>The proto name when it differs from the JSON name (remote_jid beside remoteJid).</summary>
    public byte[]? ProtoNameUtf8 { get; }

    public FieldType Type { get; }

    public bool IsMap { get; }

    /// <summary>A repeated field that is not a map.</summary>
    public bool IsRepeated { get; }

    /// <summary>Written only when set: message fields, oneof members and proto3 <c>optional</c> fields.</summary>
    public bool HasPresence { get; }

    /// <summary>The containing oneof's index, synthetic ones of proto3 <c>optional</c> included; -1 when none.</summary>
    public int OneofIndex { get; }

    public FieldPlan? MapKey { get; }

    public FieldPlan? MapValue { get; }

    /// <summary>The plan of a message-typed field's type, made on first use (types may be recursive).</summary>
    public MessagePlan Message => _message ??= MessagePlan.For(Field.MessageType);
}

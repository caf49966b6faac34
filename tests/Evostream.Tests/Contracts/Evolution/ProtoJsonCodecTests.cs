using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Evostream.Contracts.Evolution.Json;
using Evostream.Contracts.V1;
using Evostream.Tests.Contracts.Protos;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using System.Collections.Frozen;

namespace Evostream.Tests.Contracts.Evolution;

/// <summary>
/// The codec on field types no event carries yet (bytes, 64-bit signed integers, enums), against Google.Protobuf's
/// JsonFormatter and JsonParser, so a schema that starts using one gets proto3 JSON and not a surprise.
/// </summary>
public class ProtoJsonCodecTests
{
    private static readonly JsonFormatter s_formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));
    private static readonly JsonParser s_parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private static readonly ProtoJsonWriter s_writer = new(FrozenSet<Google.Protobuf.Reflection.FieldDescriptor>.Empty);

    public static TheoryData<string, IMessage> Messages => new()
    {
        { "bytes", new SendMedia { Number = "1", Data = ByteString.CopyFrom(0, 1, 0xFB, 0xFF, 0x3E) } },
        { "empty bytes", new SendMedia { Data = ByteString.Empty } },
        { "int64 min", new TestEvent.Types.Detail { Sequence = long.MinValue } },
        { "int64 max", new TestEvent.Types.Detail { Sequence = long.MaxValue, Note = new() { Text = "n" } } },
        { "enums", new Field { Kind = Field.Types.Kind.TypeSint64, Cardinality = Field.Types.Cardinality.Repeated, Number = -7, Packed = true, JsonName = "x" } },
        { "enum number no name knows", new Field { Kind = (Field.Types.Kind)99 } },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Writes_what_JsonFormatter_writes(string what, IMessage message)
    {
        Assert.Equal(Formatted(message), Written(message), StringComparer.Ordinal);
        Assert.NotEmpty(what);
    }

    [Theory]
    [MemberData(nameof(Messages))]
    public void Reads_back_what_it_writes_as_JsonParser_does(string what, IMessage message)
    {
        var json = Written(message);

        Assert.Equal(message, Read(json, message));
        Assert.Equal(s_parser.Parse(json, message.Descriptor), Read(json, message));
        Assert.NotEmpty(what);
    }

    [Theory]
    [InlineData("""{"kind":"TYPE_STRING","cardinality":3}""")]
    [InlineData("""{"kind":"TYPE_BOOL","number":"12"}""")]
    [InlineData("""{"kind":5.0,"oneofIndex":1e1}""")]
    public void Enum_names_and_numbers_are_read_as_JsonParser_reads_them(string json)
    {
        var expected = s_parser.Parse<Field>(json);
        Assert.Equal(expected, Read(json, new Field()));
    }

    [Fact]
    public void An_enum_name_the_enum_does_not_know_is_refused_as_JsonParser_refuses_it()
    {
        const string Json = """{"kind":"NO_SUCH_KIND"}""";
        Assert.Throws<InvalidProtocolBufferException>(() => s_parser.Parse<Field>(Json));

        var error = Assert.Throws<ProtoJsonException>(() => Read(Json, new Field()));
        Assert.Equal("'field.kind' must be a name of Kind or its number, not \"NO_SUCH_KIND\"", error.Describe("field"));
    }

    [Theory]
    [InlineData("""{"sequence":"-9223372036854775808"}""")]
    [InlineData("""{"sequence":-42}""")]
    [InlineData("""{"data":"+/v/"}""")]
    public void Int64_and_bytes_are_read_as_JsonParser_reads_them(string json)
    {
        var type = json.Contains("data", StringComparison.Ordinal) ? SendMedia.Descriptor : TestEvent.Types.Detail.Descriptor;
        Assert.Equal(s_parser.Parse(json, type), Read(json, (IMessage)Activator.CreateInstance(type.ClrType)!));
    }

    [Fact]
    public void Bytes_that_are_not_base64_are_refused_naming_the_field()
    {
        var error = Assert.Throws<ProtoJsonException>(() => Read("""{"data":"not base64!"}""", new SendMedia()));
        Assert.Equal("'media.data' must be base64", error.Describe("media"));
    }

    private static IMessage Read(string json, IMessage template)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        return ProtoJsonReader.ReadMessage(ref reader, MessagePlan.For(template.Descriptor));
    }

    private static string Written(IMessage message)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            s_writer.WriteMessage(json, message);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    // The formatter's JSON, compacted and escaped as the codec's writer escapes.
    private static string Formatted(IMessage message)
    {
        using var document = JsonDocument.Parse(s_formatter.Format(message));
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.RootElement.WriteTo(json);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

using System.Buffers;
using System.Text;
using Evostream.Contracts.Commands;
using Evostream.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Evostream.Tests.Contracts.Commands;

public class CommandJsonTests
{
    // Commands under test append ,"field":value} to this.
    private const string Media = "{\"command\":\"sendMedia\",\"instance\":\"shop-1\",\"number\":\"5511999999999\",\"mediatype\":\"image\"";
    private static readonly byte[] s_png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private static CommandEnvelope ReadValid(string json)
    {
        var result = CommandJson.Read(Encoding.UTF8.GetBytes(json));
        Assert.True(result.IsValid, result.Error?.Message);
        return result.Envelope;
    }

    private static string Write(CommandEnvelope envelope) => Encoding.UTF8.GetString(CommandJson.Write(envelope));

    [Fact]
    public void The_Evolution_example_reads_and_is_written_back_in_canonical_form()
    {
        // linkPreview:false is the default, so the canonical form leaves it out; commandId stays empty for the caller.
        var envelope = ReadValid("""{"command":"sendText","instance":"shop-1","idempotencyKey":"order-42","number":"5511999999999","text":"Hello","delay":1200,"linkPreview":false}""");

        Assert.Equal("", envelope.CommandId);
        Assert.Equal(1200u, envelope.SendText.Options.DelayMs);
        Assert.Equal(
            """{"command":"sendText","instance":"shop-1","idempotencyKey":"order-42","number":"5511999999999","text":"Hello","delay":1200}""",
            Write(envelope));
    }

    [Fact]
    public void Properties_may_come_in_any_order_and_null_means_absent()
    {
        var envelope = ReadValid("""{"text":"Hello","number":"5511999999999","quoted":null,"instance":"shop-1","command":"sendText","commandId":null}""");

        Assert.Equal(new SendText { Number = "5511999999999", Text = "Hello", Options = new SendOptions() }, envelope.SendText);
    }

    [Theory]
    [InlineData("https://cdn.example.com/a.png")]
    [InlineData("HTTP://cdn.example.com/a.png")]
    public void A_media_URL_goes_to_url(string url)
    {
        var media = ReadValid(Media + $$"""
            ,"media":"{{url}}"}
            """).SendMedia;

        Assert.Equal(SendMedia.MediaOneofCase.Url, media.MediaCase);
        Assert.Equal(url, media.Url);
    }

    [Theory]
    [InlineData("iVBORw0KGgo=")]
    [InlineData("iVBO Rw0K\\nGgo=")] // wrapped base64, as some encoders emit it
    [InlineData("iVBORw0KGgo\\u003D")] // escaped in the JSON string
    public void Base64_media_goes_to_data(string base64)
    {
        var media = ReadValid(Media + $$"""
            ,"media":"{{base64}}"}
            """).SendMedia;

        Assert.Equal(SendMedia.MediaOneofCase.Data, media.MediaCase);
        Assert.Equal(s_png, media.Data.ToByteArray());
        Assert.Equal("", media.Mimetype);
    }

    [Fact]
    public void A_data_URI_gives_its_bytes_and_an_absent_mimetype()
    {
        var media = ReadValid(Media + ""","media":"data:image/png;base64,iVBORw0KGgo="}""").SendMedia;
        var typed = ReadValid(Media + ""","mimetype":"image/x-png","media":"DATA:image/png;BASE64,iVBORw0KGgo="}""").SendMedia;

        Assert.Equal(s_png, media.Data.ToByteArray());
        Assert.Equal("image/png", media.Mimetype);
        Assert.Equal(s_png, typed.Data.ToByteArray());
        Assert.Equal("image/x-png", typed.Mimetype);
    }

    [Fact]
    public void A_URL_escaped_by_PHP_is_still_a_URL()
    {
        var sticker = ReadValid("""{"command":"sendSticker","instance":"shop-1","number":"1","sticker":"https:\/\/cdn.example.com\/s.webp"}""").SendSticker;

        Assert.Equal("https://cdn.example.com/s.webp", sticker.Url);
    }

    [Fact]
    public void Media_bytes_are_written_as_bare_base64()
    {
        var envelope = ReadValid(Media + ""","media":"data:image/png;base64,iVBORw0KGgo="}""");

        Assert.Equal(
            """{"command":"sendMedia","instance":"shop-1","number":"5511999999999","mediatype":"image","mimetype":"image/png","media":"iVBORw0KGgo="}""",
            Write(envelope));
    }

    [Fact]
    public void The_instance_token_is_kept_only_as_its_SHA_256_and_never_written_out()
    {
        var envelope = ReadValid("""{"command":"createInstance","instanceName":"shop-1","token":"shop-1-token"}""");

        Assert.Equal("shop-1", envelope.Instance);
        Assert.Equal("61b40e04dfcbc8f3b7e139fd7734f72ea6516a9dfef5b1f4cf7c22a64ce440d2", envelope.CreateInstance.TokenSha256);
        var written = Write(envelope);
        Assert.DoesNotContain("shop-1-token", written, StringComparison.Ordinal);
        Assert.Equal(
            """{"command":"createInstance","instance":"shop-1","instanceName":"shop-1","tokenSha256":"61b40e04dfcbc8f3b7e139fd7734f72ea6516a9dfef5b1f4cf7c22a64ce440d2"}""",
            written);
    }

    [Fact]
    public void Create_takes_the_instance_from_either_field_and_leaves_unset_blocks_unset()
    {
        var fromBody = ReadValid("""{"command":"createInstance","instanceName":"shop-1"}""");
        var fromBoth = ReadValid("""{"command":"createInstance","instance":"shop-1","instanceName":"shop-1"}""");
        var fromEnvelope = ReadValid("""{"command":"createInstance","instance":"shop-1"}""");

        Assert.All([fromBody, fromBoth, fromEnvelope], e => Assert.Equal(new CommandEnvelope { Instance = "shop-1", CreateInstance = new CreateInstance() }, e));
    }

    [Fact]
    public void A_webhook_or_kafka_block_in_create_is_enabled_unless_it_says_otherwise()
    {
        var given = ReadValid("""{"command":"createInstance","instanceName":"shop-1","webhook":{"url":"https://x"},"kafka":{"events":[]}}""").CreateInstance;
        var disabled = ReadValid("""{"command":"createInstance","instanceName":"shop-1","webhook":{"enabled":false,"url":"https://x"},"kafka":{"enabled":false}}""").CreateInstance;

        Assert.True(given.Webhook.Enabled);
        Assert.True(given.Kafka.Enabled);
        Assert.False(disabled.Webhook.Enabled);
        Assert.False(disabled.Kafka.Enabled);
    }

    [Fact]
    public void Create_reads_Evolution_s_flat_settings_and_writes_them_whole()
    {
        var envelope = ReadValid("""{"command":"createInstance","instanceName":"shop-1","rejectCall":true}""");

        Assert.Equal(new InstanceSettings { RejectCall = true }, envelope.CreateInstance.Settings);
        Assert.Equal(
            """{"command":"createInstance","instance":"shop-1","instanceName":"shop-1","rejectCall":true,"msgCall":"","groupsIgnore":false,"alwaysOnline":false,"readMessages":false,"readStatus":false,"syncFullHistory":false,"wavoipToken":"","holdUntilConnected":false}""",
            Write(envelope));
    }

    [Theory]
    [InlineData("\"everyOne\":true")]
    [InlineData("\"mentionsEveryOne\":true")]
    [InlineData("\"mentionsEveryOne\":true,\"everyOne\":true")]
    public void EveryOne_is_Evolution_s_alias_of_mentionsEveryOne(string fields)
    {
        var envelope = ReadValid($$"""{"command":"sendText","instance":"shop-1","number":"1","text":"Hi",{{fields}}}""");

        Assert.True(envelope.SendText.Options.MentionsEveryone);
        Assert.EndsWith("\"mentionsEveryOne\":true}", Write(envelope), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024-03-04T10:30:00Z", "2024-03-04T10:30:00Z")]
    [InlineData("2024-03-04T12:30:00+02:00", "2024-03-04T10:30:00Z")]
    [InlineData("2024-03-04T10:30:00.5Z", "2024-03-04T10:30:00.500Z")]
    [InlineData("2024-03-04T10:30:00.123456Z", "2024-03-04T10:30:00.123456Z")]
    [InlineData("2024-03-04T10:30:00.1234567Z", "2024-03-04T10:30:00.123456700Z")]
    public void SendAt_is_any_ISO_8601_instant_and_is_written_in_UTC(string given, string written)
    {
        var envelope = ReadValid($$"""{"command":"sendText","instance":"shop-1","number":"1","text":"Hi","sendAt":"{{given}}"}""");

        Assert.Equal(DateTimeOffset.Parse(given, System.Globalization.CultureInfo.InvariantCulture), envelope.SendText.Options.SendAt.ToDateTimeOffset());
        Assert.EndsWith($$"""
            "sendAt":"{{written}}"}
            """, Write(envelope), StringComparison.Ordinal);
    }

    [Fact]
    public void A_quoted_message_pasted_from_an_event_keeps_what_Evostream_models()
    {
        var envelope = ReadValid("""
            {"command":"sendText","instance":"shop-1","number":"1","text":"On its way",
             "quoted":{"key":{"id":"3EB0"},"message":{"conversation":"Where is my order?","messageContextInfo":{"deviceListMetadataVersion":2}}}}
            """);

        Assert.Equal(new Quoted { Key = new MessageKey { Id = "3EB0" }, Message = new WaMessage { Conversation = "Where is my order?" } }, envelope.SendText.Options.Quoted);
    }

    [Fact]
    public void A_valid_command_s_header_is_its_envelope_s()
    {
        var result = CommandJson.Read(CommandFixtures.Read("sendText"));

        Assert.Equal(new CommandHeader("sendText", "shop-1", "order-42", "0b9c4a4e-8d1f-4c55-9d7e-2f1a3c5b7d90"), result.Header);
        Assert.Null(result.Error);
    }

    [Fact]
    public void The_issuer_is_neither_read_nor_written()
    {
        var envelope = ReadValid("""{"command":"restartInstance","instance":"shop-1"}""");
        envelope.IssuedBy = new Issuer { Kind = "kafka", Principal = "orders-service" };

        Assert.Equal("""{"command":"restartInstance","instance":"shop-1"}""", Write(envelope));
    }

    [Fact]
    public void Writing_to_a_buffer_gives_the_same_bytes()
    {
        var envelope = ReadValid("""{"command":"sendPresence","instance":"shop-1","number":"1","presence":"composing","delay":0}""");
        var buffer = new ArrayBufferWriter<byte>();

        CommandJson.Write(envelope, buffer);

        Assert.Equal(CommandJson.Write(envelope), buffer.WrittenSpan.ToArray());
        Assert.Equal("""{"command":"sendPresence","instance":"shop-1","number":"1","presence":"composing","delay":0}""", Write(envelope));
    }

    [Fact]
    public void An_envelope_without_a_command_cannot_be_written()
    {
        var envelope = new CommandEnvelope { CommandId = "c-1", Instance = "shop-1", IssuedAt = Timestamp.FromDateTime(DateTime.UnixEpoch) };

        var error = Assert.Throws<ArgumentException>(() => CommandJson.Write(envelope));
        Assert.Contains("c-1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Large_media_reads_into_bytes_and_writes_back_without_loss()
    {
        var bytes = new byte[3 * 1024 * 1024];
        new Random(42).NextBytes(bytes);
        var json = Media + $$"""
            ,"media":"{{Convert.ToBase64String(bytes)}}"}
            """;

        var envelope = ReadValid(json);

        Assert.Equal(bytes, envelope.SendMedia.Data.ToByteArray());
        Assert.Equal(ByteString.CopyFrom(bytes), CommandEnvelope.Parser.ParseFrom(envelope.ToByteArray()).SendMedia.Data);
        Assert.Equal(Encoding.UTF8.GetBytes(json), CommandJson.Write(envelope));
        Assert.Equal(CommandFixtures.Read("sendPoll"), CommandJson.Write(ReadValid(Encoding.UTF8.GetString(CommandFixtures.Read("sendPoll")))));
    }
}

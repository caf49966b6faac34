using System.Text;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace Evostream.Tests.Contracts.Evolution;

public class EvolutionJsonTests
{
    private static readonly Timestamp s_at = Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 3, 4, 10, 30, 0, 123, TimeSpan.Zero));

    private static EventEnvelope Upsert() => new()
    {
        EventId = "e-1",
        Instance = "my_instance",
        OccurredAt = s_at,
        Sender = "5511999999999@s.whatsapp.net",
        MessagesUpsert = new MessageRecord
        {
            Key = new MessageKey { RemoteJid = "5511888888888@s.whatsapp.net", FromMe = false, Id = "3EB0C767D82B632A2E4A" },
            PushName = "Você <3 & \"friends\" 👋",
            Status = "DELIVERY_ACK",
            Message = new WaMessage { Conversation = "Hello from WhatsApp!" },
            MessageType = "conversation",
            MessageTimestamp = 1709548200,
            InstanceId = "a5f1e3d2-0000-4000-8000-000000000001",
            Source = "android",
        },
    };

    [Fact]
    public void Writes_Evolution_s_body_with_real_UTC_and_minimal_escaping()
    {
        // Like JSON.stringify, text stays readable (no \u00EA for ê, no escaped < or &); characters outside the
        // Basic Multilingual Plane are escaped as surrogate pairs, which every JSON parser reads back identically.
        var json = Encoding.UTF8.GetString(EvolutionJson.Write(Upsert(), "http://localhost:8080"));
        Assert.Equal(
            """{"event":"messages.upsert","instance":"my_instance","data":{"key":{"remoteJid":"5511888888888@s.whatsapp.net","fromMe":false,"id":"3EB0C767D82B632A2E4A"},"pushName":"Você <3 & \"friends\" \uD83D\uDC4B","status":"DELIVERY_ACK","message":{"conversation":"Hello from WhatsApp!"},"messageType":"conversation","messageTimestamp":1709548200,"instanceId":"a5f1e3d2-0000-4000-8000-000000000001","source":"android"},"server_url":"http://localhost:8080","date_time":"2024-03-04T10:30:00.123Z","sender":"5511999999999@s.whatsapp.net","apikey":null,"timestamp":1709548200123}""",
            json);
    }

    [Fact]
    public void Reads_back_what_it_writes()
    {
        var written = Upsert();
        var read = EvolutionJson.Read(EvolutionJson.Write(written, "http://x"), eventId: "e-1");
        written.Event = "messages.upsert";
        Assert.Equal(written, read);
    }

    [Fact]
    public void A_write_that_fails_halfway_leaves_nothing_behind_for_the_next()
    {
        // JSON has no NaN, and Evolution's top-level progress is a plain JSON number.
        var broken = EventSamples.For("messages.set");
        broken.MessagesSet.Progress = double.NaN;
        Assert.ThrowsAny<ArgumentException>(() => EvolutionJson.Write(broken, "http://x"));

        Assert.Equal(GoldenFiles.Bytes("call"), EvolutionJson.Write(EventSamples.For("call"), EventSamples.ServerUrl));
    }

    [Fact]
    public void A_body_larger_than_the_kept_buffer_is_written_whole_and_the_next_one_unharmed()
    {
        var large = Upsert();
        large.MessagesUpsert.Message = new WaMessage { ImageMessage = new MediaMessage { Url = "u" }, Base64 = new string('A', 200_000) };

        var read = EvolutionJson.Read(EvolutionJson.Write(large, "http://x"), eventId: "e-1");

        large.Event = "messages.upsert";
        Assert.Equal(large, read);
        Assert.Equal(GoldenFiles.Bytes("call"), EvolutionJson.Write(EventSamples.For("call"), EventSamples.ServerUrl));
    }
}

using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using Evostream.Contracts.Commands;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Evostream.Contracts.WireFormat;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Evostream.Benchmarks;

/// <summary>
/// The record codecs on Evostream's hot paths, each against a raw baseline doing the least work that yields the same
/// bytes or data: plain System.Text.Json for JSON, plain Protobuf serialisation for the wire format.
/// </summary>
[MemoryDiagnoser]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[CategoriesColumn]
public class CodecBenchmarks
{
    private static readonly int[] s_indexes = MessageIndexes.Of(EventEnvelope.Descriptor);

    private readonly EventEnvelope _upsert = new()
    {
        EventId = "0b9a8c7d-0000-4000-8000-00000000000a",
        Instance = "shop-1",
        OccurredAt = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)),
        Sender = "5511999999999@s.whatsapp.net",
        MessagesUpsert = new MessageRecord
        {
            Key = new MessageKey { RemoteJid = "5511888888888@s.whatsapp.net", Id = "3EB0C767D82B632A2E4A" },
            PushName = "John Doe",
            Status = "DELIVERY_ACK",
            Message = new WaMessage { Conversation = "Hello from WhatsApp! How are you today?" },
            MessageType = "conversation",
            MessageTimestamp = 1767323045,
            InstanceId = "a5f1e3d2-0000-4000-8000-000000000001",
            Source = "android",
        },
    };

    private readonly byte[] _sendText = Encoding.UTF8.GetBytes(
        """{"command":"sendText","instance":"shop-1","idempotencyKey":"order-42","number":"5511999999999","text":"Your order 42 has shipped and will arrive tomorrow.","delay":1200,"linkPreview":false}""");

    private object _upsertShape = null!;
    private byte[] _upsertBody = null!;

    [GlobalSetup]
    public void Setup()
    {
        _upsertBody = EvolutionJson.Write(_upsert, "http://localhost:8080");
        _upsertShape = UpsertShape();
    }

    private static object UpsertShape() => new
    {
        @event = "messages.upsert",
        instance = "shop-1",
        data = new
        {
            key = new { remoteJid = "5511888888888@s.whatsapp.net", fromMe = false, id = "3EB0C767D82B632A2E4A" },
            pushName = "John Doe",
            status = "DELIVERY_ACK",
            message = new { conversation = "Hello from WhatsApp! How are you today?" },
            messageType = "conversation",
            messageTimestamp = 1767323045,
            instanceId = "a5f1e3d2-0000-4000-8000-000000000001",
            source = "android",
        },
        server_url = "http://localhost:8080",
        date_time = "2026-01-02T03:04:05.000Z",
        sender = "5511999999999@s.whatsapp.net",
        apikey = (string?)null,
        timestamp = 1767323045000L,
    };

    [Benchmark(Baseline = true), BenchmarkCategory("event JSON")]
    public byte[] EventJsonRawSystemTextJson() => JsonSerializer.SerializeToUtf8Bytes(_upsertShape);

    [Benchmark, BenchmarkCategory("event JSON")]
    public byte[] EventJsonEvolutionBody() => EvolutionJson.Write(_upsert, "http://localhost:8080");

    [Benchmark(Baseline = true), BenchmarkCategory("event JSON read")]
    public JsonValueKind EventJsonRawParse()
    {
        using var document = JsonDocument.Parse(_upsertBody);
        return document.RootElement.GetProperty("data").ValueKind;
    }

    [Benchmark, BenchmarkCategory("event JSON read")]
    public EventEnvelope EventJsonEvolutionRead() => EvolutionJson.Read(_upsertBody);

    [Benchmark(Baseline = true), BenchmarkCategory("event Protobuf")]
    public byte[] EventProtobufRaw() => _upsert.ToByteArray();

    [Benchmark, BenchmarkCategory("event Protobuf")]
    public byte[] EventProtobufWireFormat() => ConfluentWireFormat.Encode(1, s_indexes, _upsert);

    [Benchmark(Baseline = true), BenchmarkCategory("command JSON")]
    public JsonValueKind CommandJsonRawParse()
    {
        using var document = JsonDocument.Parse(_sendText);
        return document.RootElement.GetProperty("command").ValueKind;
    }

    [Benchmark, BenchmarkCategory("command JSON")]
    public CommandReadResult CommandJsonRead() => CommandJson.Read(_sendText);
}

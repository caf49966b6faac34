using System.Net;
using System.Text;
using Confluent.Kafka;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Evostream.Platform.Kafka;
using Evostream.Tests.Contracts.Evolution;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Api.Streams;

/// <summary>
/// An Api on a real port whose event feed the test writes itself, as the connector would: Evolution's JSON bodies,
/// keyed by instance, with the connector's headers.
/// </summary>
internal sealed class StreamFeed : IAsyncDisposable
{
    private readonly IProducer<string, byte[]> _producer;
    private readonly string _prefix;

    private StreamFeed(ApiTestBed bed, string prefix, IProducer<string, byte[]> producer)
    {
        Bed = bed;
        _prefix = prefix;
        _producer = producer;
    }

    public ApiTestBed Bed { get; }

    public Uri Address => Bed.Host.Address!;

    public string WsAddress => $"ws://127.0.0.1:{Address.Port}";

    public static async Task<StreamFeed> StartAsync(EmbeddedStack stack, IDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?> { ["WEBSOCKET_ENABLED"] = "true", ["WEBSOCKET_GLOBAL_EVENTS"] = "true" };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var bed = await ApiTestBed.StartAsync(stack, settings, FreePort());
        stack.Kafka.CreateTopic(new StageTopics(bed.Prefix).EventFeed, 3, 3);
        var producer = new ProducerBuilder<string, byte[]>(new KafkaClientConfigs(stack.KafkaSettings(bed.Prefix)).Producer("test-feed")).Build();
        return new StreamFeed(bed, bed.Prefix, producer);
    }

    /// <summary>An instance (with <paramref name="token"/>) whose websocket block is enabled for <paramref name="events"/>.</summary>
    public async Task AddInstanceAsync(string name, string? token = null, string[]? events = null, bool enabled = true)
    {
        await Bed.InsertInstanceAsync(name, token);
        await Bed.ExecuteAsync(
            "INSERT INTO instance_websocket (instance, enabled, events, updated_at, version) VALUES ($1, $2, $3, now(), '1')",
            name, enabled, events ?? []);
    }

    /// <summary>Writes one event per name for <paramref name="instance"/>; returns their event ids in order.</summary>
    public async Task<List<string>> ProduceAsync(string instance, params string[] names) =>
        await ProduceAsync(instance, names.Select(n => EventSamples.For(n)).ToArray());

    public async Task<List<string>> ProduceAsync(string instance, params EventEnvelope[] envelopes)
    {
        var ids = new List<string>();
        var publishing = new EventPublishing(_prefix, PerInstanceTopics: false, GlobalTopics: false, "http://127.0.0.1", Feed: true);
        foreach (var template in envelopes)
        {
            var envelope = template.Clone();
            envelope.Instance = instance;
            envelope.EventId = Guid.NewGuid().ToString();
            ids.Add(envelope.EventId);
            var record = Assert.Single(EventRecords.Json(envelope, publishing));
            var headers = new Headers();
            foreach (var (name, value) in record.Headers)
            {
                headers.Add(name, Encoding.UTF8.GetBytes(value));
            }

            await _producer.ProduceAsync(record.Topic, new Message<string, byte[]> { Key = record.Key, Value = record.Value, Headers = headers }, TestContext.Current.CancellationToken);
        }

        return ids;
    }

    /// <summary>A messages.upsert whose text tells it apart (data.message.conversation).</summary>
    public static EventEnvelope Text(string text)
    {
        var envelope = EventSamples.For("messages.upsert");
        envelope.MessagesUpsert.Message.Conversation = text;
        return envelope;
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _producer.Dispose();
        await Bed.DisposeAsync();
    }
}

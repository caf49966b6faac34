using Confluent.Kafka;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Evostream.Bench.Scenarios.Webhooks;

/// <summary>
/// Events on the delivery stage's feed as the connector writes them: first each instance's <c>instance.configured</c>
/// with a webhook to the receiver, then inbound <c>messages.upsert</c> round-robin over the instances.
/// </summary>
public sealed class WebhookFeed : IDisposable
{
    private readonly IProducer<string, byte[]> _producer;
    private readonly EventPublishing _publishing;
    private readonly int _instances;
    private int _next;

    public WebhookFeed(BenchCluster cluster, string prefix, int instances)
    {
        var config = cluster.Configs.Producer("bench-webhooks");
        // The latency series produces one event at a time: the Api's linger, not the batching default.
        config.LingerMs = 1;
        _producer = cluster.Configs.ProducerBuilder<string, byte[]>(config).Build();
        _publishing = new EventPublishing(prefix, PerInstanceTopics: false, GlobalTopics: false, "http://127.0.0.1:8080", Feed: true);
        _instances = instances;
    }

    public void Configure(Uri receiver)
    {
        for (var i = 0; i < _instances; i++)
        {
            var instance = ConversationFeed.Instance(i);
            var envelope = new EventEnvelope
            {
                EventId = $"cfg-{instance}-{Guid.NewGuid():N}",
                Instance = instance,
                OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
                InstanceConfigured = new InstanceConfigured
                {
                    InstanceName = instance,
                    Webhook = new WebhookConfig { Enabled = true, Url = $"{receiver.ToString().TrimEnd('/')}{CountingReceiver.HookPath}/{instance}", Events = { "MESSAGES_UPSERT" } },
                },
            };
            Produce(envelope);
        }

        _producer.Flush(TimeSpan.FromMinutes(1));
    }

    /// <summary>Produces the next message event (without waiting for Kafka); returns its event id, the webhook-id it arrives with.</summary>
    public string Message()
    {
        var n = _next++;
        var envelope = ConversationFeed.Inbound(n, ConversationFeed.Instance(n % _instances), $"W{n:D9}");
        Produce(envelope);
        return envelope.EventId;
    }

    public void Flush() => _producer.Flush(TimeSpan.FromMinutes(1));

    private void Produce(EventEnvelope envelope)
    {
        foreach (var record in EventRecords.Json(envelope, _publishing))
        {
            while (true)
            {
                try
                {
                    _producer.Produce(record.Topic, ConversationFeed.Message(record));
                    break;
                }
                catch (ProduceException<string, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    _producer.Poll(TimeSpan.FromMilliseconds(20));
                }
            }
        }
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }
}

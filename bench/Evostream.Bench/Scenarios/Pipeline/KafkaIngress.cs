using Confluent.Kafka;

namespace Evostream.Bench.Scenarios.Pipeline;

/// <summary>A Kafka client writing sendText commands as JSON to the commands topic, keyed by instance, as any producer may.</summary>
public sealed class KafkaIngress(BenchCluster cluster, string commandsTopic) : ICommandIngress
{
    private readonly IProducer<string, byte[]> _producer = cluster.Configs.ProducerBuilder<string, byte[]>(cluster.Configs.Producer("bench-ingress")).Build();

    public string Name => "Kafka";

    public Task<string> SubmitAsync(int i, string instance, CancellationToken ct)
    {
        var id = Guid.CreateVersion7().ToString();
        _producer.Produce(commandsTopic, new Message<string, byte[]> { Key = instance, Value = CommandFeed.SendText(i, instance, id) });
        _producer.Poll(TimeSpan.Zero);
        return Task.FromResult(id);
    }

    public Task DrainAsync(CancellationToken ct) => Task.Run(() => _producer.Flush(ct), ct);

    public ValueTask DisposeAsync()
    {
        _producer.Dispose();
        return ValueTask.CompletedTask;
    }
}

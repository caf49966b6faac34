using Confluent.Kafka;
using Evostream.Bench;

namespace Evostream.Tests.Bench;

/// <summary>
/// Runs after the parallel collections: the leak check counts every librdkafka thread in the process, and a client
/// another test starts meanwhile would look like one this run left behind.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BenchStackCollection
{
    public const string Name = "bench stack";
}

/// <summary>One bench stack (its private PostgreSQL is slow to start) for the tests below.</summary>
public sealed class BenchStackFixture : IAsyncLifetime
{
    private BenchStack? _stack;

    public BenchStack Stack => _stack ?? throw new InvalidOperationException("The bench stack has not started.");

    public async ValueTask InitializeAsync() => _stack = await BenchStack.StartAsync(CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
    }
}

[Collection(BenchStackCollection.Name)]
public sealed class BenchStackTests(BenchStackFixture fixture) : IClassFixture<BenchStackFixture>
{
    [Fact]
    public async Task Each_run_gets_a_cluster_of_its_own_that_is_gone_after_it()
    {
        var stack = fixture.Stack;
        var topic = stack.NewName("fresh");
        var first = await stack.OnFreshClusterAsync(cluster =>
        {
            cluster.Kafka.CreateTopic(topic, 1, 3);
            return Task.FromResult(cluster.Kafka.BootstrapServers);
        });

        var second = await stack.OnFreshClusterAsync(cluster =>
        {
            using var admin = new AdminClientBuilder(cluster.Configs.Admin("test")).Build();
            var topics = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Select(t => t.Topic);
            Assert.DoesNotContain(topic, topics);
            return Task.FromResult(cluster.Kafka.BootstrapServers);
        });

        Assert.NotEqual(first, second);
        foreach (var gone in new[] { first, second })
        {
            // Destroyed with its measurement: nothing answers on its ports any more.
            using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = gone }).Build();
            Assert.Throws<KafkaException>(() => admin.GetMetadata(TimeSpan.FromSeconds(2)));
        }
    }

    [Fact]
    public async Task A_client_left_alive_after_its_cluster_fails_the_run()
    {
        IProducer<string, string>? forgotten = null;
        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => fixture.Stack.OnFreshClusterAsync(cluster =>
            {
                forgotten = new ProducerBuilder<string, string>(cluster.Configs.Producer("forgotten")).Build();
                return Task.FromResult(0);
            }));
            Assert.Contains("was not disposed", error.Message, StringComparison.Ordinal);
            Assert.Contains("rdk:main", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            forgotten?.Dispose();
        }
    }

    [Fact]
    public async Task Clients_disposed_within_the_run_pass_the_check()
    {
        var delivered = await fixture.Stack.OnFreshClusterAsync(async cluster =>
        {
            var topic = cluster.NewName("clean");
            cluster.Kafka.CreateTopic(topic, 1, 3);
            using var producer = new ProducerBuilder<string, string>(cluster.Configs.Producer("clean")).Build();
            return await producer.ProduceAsync(topic, new Message<string, string> { Key = "k", Value = "v" });
        });

        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);
    }
}

using Confluent.Kafka;
using Evostream.Platform.Configuration;
using Evostream.Platform.Embedded;
using Evostream.Platform.Hosting;
using Evostream.Platform.Kafka;
using Evostream.Tests.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace Evostream.Tests.Topics;

/// <summary>The start-up check as services run it: registered by the platform, on the shared embedded cluster.</summary>
[Collection(nameof(ProcessExitCode))]
public class TopicsAtStartupTests(EmbeddedStack stack)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_service_creates_the_cluster_topics_when_auto_create_is_on()
    {
        var prefix = EmbeddedStack.NewPrefix("boot");
        using var host = Host(prefix, ("KAFKA_AUTO_CREATE_TOPICS", "true"));
        await host.StartAsync(Ct);

        Assert.True(await Eventually(() => TopicExists($"evostream.{prefix}.sessions")));
        Assert.False(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task A_service_stops_with_exit_code_2_when_auto_create_is_off_and_topics_are_missing()
    {
        var prefix = EmbeddedStack.NewPrefix("boot");
        using var host = Host(prefix, ("KAFKA_AUTO_CREATE_TOPICS", "false"));
        try
        {
            await host.StartAsync(Ct);
            var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            Assert.True(await Eventually(() => stopping.IsCancellationRequested));
            Assert.Equal(ServiceMain.ConfigurationExitCode, Environment.ExitCode);
            Assert.False(TopicExists($"evostream.{prefix}.sessions"));
        }
        finally
        {
            Environment.ExitCode = 0;
        }
    }

    private IHost Host(string prefix, params (string Name, string Value)[] vars)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(
            [
                new("KAFKA_BROKERS", stack.Kafka.BootstrapServers), new("KAFKA_TOPIC_PREFIX", prefix),
                .. vars.Select(v => new KeyValuePair<string, string?>(v.Name, v.Value)),
            ]);
        builder.AddEvostreamPlatform(Requirements.None);
        builder.Services.AddEmbeddedTopics(stack.Kafka);
        return builder.Build();
    }

    private bool TopicExists(string topic)
    {
        using var admin = new AdminClientBuilder(new KafkaClientConfigs(stack.KafkaSettings("x")).Admin("test")).Build();
        return admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Any(t => t.Topic == topic);
    }

    private static async Task<bool> Eventually(Func<bool> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(15); DateTime.UtcNow < deadline; await Task.Delay(50, Ct))
        {
            if (condition())
            {
                return true;
            }
        }

        return condition();
    }
}

/// <summary>Tests that read or set the process exit code run one at a time.</summary>
[CollectionDefinition(nameof(ProcessExitCode), DisableParallelization = true)]
public sealed class ProcessExitCode;

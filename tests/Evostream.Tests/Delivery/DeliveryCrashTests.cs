using System.Text.Json.Nodes;
using Evostream.Platform.Embedded;
using Evostream.Platform.Kafka;
using Evostream.Platform.Kafka.Topics;
using Evostream.Tests.Execution.Processes;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Delivery;

/// <summary>The delivery program killed with SIGKILL in the middle of retries, and started again as the same replica.</summary>
[Collection(ProcessTestsCollection.Name)]
public sealed class DeliveryCrashTests(EmbeddedStack stack, ITestOutputHelper output)
{
    private const int Events = 8;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_delivery_process_killed_mid_retries_restarts_and_every_event_arrives_with_one_webhook_id_per_event()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // Each event's first try fails: with one event retried at a time, the process is always mid-retry.
        receiver.FailFirst = 1;
        using var feed = new DeliveryFeed(stack, "dkill");
        var environment = feed.Settings.ToDictionary();
        environment["EVOSTREAM_MODE"] = "production";
        environment["EVOSTREAM_WEBHOOK_ALLOW_PRIVATE"] = "true";
        var kafka = stack.KafkaSettings(feed.Prefix) with { AutoCreateTopics = true, NumPartitions = 3 };
        var provisioner = new TopicProvisioner(TopicCatalog.BuiltIn, new EmbeddedTopicBackend(stack.Kafka, new KafkaClientConfigs(kafka)), kafka);
        await provisioner.EnsureClusterTopicsAsync(Ct);

        await feed.ConfigureAsync("crash", new JsonObject { ["enabled"] = true, ["url"] = receiver.BaseUrl + "/flaky", ["events"] = new JsonArray("MESSAGES_UPSERT") });
        var tags = Enumerable.Range(0, Events).Select(i => $"crash-{i}").ToList();
        foreach (var tag in tags)
        {
            await feed.MessageAsync("crash", tag);
        }

        using (var first = new DeliveryProcess(environment))
        {
            // Killed once some events are through and the next one has failed and waits for its retry.
            await UntilAsync(() => Delivered(receiver).Count >= 3 && receiver.Received.Count(r => r.Answered != 200) > Delivered(receiver).Count, first);
            first.Kill();
            output.WriteLine($"SIGKILL after {Delivered(receiver).Count} delivered, {receiver.Received.Count} requests");
        }

        using var second = new DeliveryProcess(environment);
        await UntilAsync(() => Delivered(receiver).Count == Events, second);
        second.Kill();

        var requests = receiver.Under("/flaky").ToList();
        foreach (var request in requests)
        {
            output.WriteLine($"{request.At:HH:mm:ss.fff} {request.Tag} {request.Id} {request.Answered}");
        }

        // Every event arrived; each one's every try, before and after the kill, carried one webhook-id, signed.
        Assert.Equal(tags, Delivered(receiver));
        Assert.All(requests.GroupBy(r => r.Tag), tries => Assert.Single(tries.Select(t => t.Id).Distinct()));
        Assert.Equal(Events, requests.Select(r => r.Id).Distinct().Count());
        Assert.All(requests, r => Assert.True(StandardWebhooksVerifier.VerifiesV1(r, DeliveryFeed.Secret), "v1 under EVOSTREAM_WEBHOOK_SECRET"));
    }

    /// <summary>Events in the order of their first successful delivery (a duplicate after the restart comes later).</summary>
    private static List<string> Delivered(WebhookReceiver receiver) =>
        [.. receiver.Under("/flaky").Where(r => r.Answered == 200).Select(r => r.Tag).OfType<string>().Distinct()];

    private static async Task UntilAsync(Func<bool> condition, DeliveryProcess process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in 60 s:\n" + process.Output);
            Assert.False(process.HasExited, "the delivery process exited:\n" + process.Output);
            await Task.Delay(50, Ct);
        }
    }
}

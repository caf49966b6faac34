using System.Globalization;
using System.Text;
using Evostream.CommandProcessor.Configuration;
using Evostream.CommandProcessor.Output;
using Evostream.Contracts.Evolution;
using Evostream.Platform.Streaming;
using Evostream.Tests.Infrastructure;
using Evostream.Contracts.Commands;

namespace Evostream.Tests.CommandProcessor;

public class CommandProcessorLoopTests(EmbeddedStack stack)
{
    private static string SendText(int i, string extra = "") =>
        $$"""{"command":"sendText","instance":"shop","commandId":"c{{i:D4}}","number":"+55 11 99999-0000","text":"m{{i}}"{{extra}}}""";

    [Fact]
    public async Task A_burst_of_1000_sends_at_60_per_minute_comes_out_spaced_in_order_and_once_across_a_restart()
    {
        var h = new ProcessorHarness(stack, CommandProcessorSettings.Defaults with { DefaultRates = new RateLimits(60, 0, TimeSpan.Zero) });
        h.CreateEventTopics("shop");
        h.Connector("shop", "open");
        using var accepted = h.Tail(h.Topics.AcceptedCommands);
        using var events = h.Tail(h.EventTopic("shop", EvolutionEvents.CommandAccepted));
        var t0 = h.Clock.GetUtcNow();

        h.Commands(Enumerable.Range(0, 500).Select(i => SendText(i)));
        var (first, stopFirst) = h.Start();
        events.WaitFor(500);
        Assert.Single(accepted.WaitFor(1)); // only the first runs at once; the rest wait for their slot
        h.Clock.Advance(TimeSpan.FromSeconds(200));
        Assert.Equal(201, accepted.WaitFor(201).Count);

        await stopFirst.CancelAsync();
        await first;
        h.Commands(Enumerable.Range(500, 500).Select(i => SendText(i)));
        var (second, stopSecond) = h.Start();
        events.WaitFor(1000);
        for (var step = 1; step <= 8; step++)
        {
            h.Clock.Advance(TimeSpan.FromSeconds(100));
            accepted.WaitFor(Math.Min(1000, 201 + (step * 100)), TimeSpan.FromMilliseconds(100));
        }

        var all = accepted.WaitFor(1000, TimeSpan.FromSeconds(1));
        await stopSecond.CancelAsync();
        await second;

        Assert.Equal(1000, events.Records.Count);
        Assert.Equal(1000, all.Count);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => $"c{i:D4}"), all.Select(r => TopicTail.Header(r, CommandHeaders.CommandId)));
        for (var i = 1; i < all.Count; i++)
        {
            var notBefore = long.Parse(TopicTail.Header(all[i], CommandHeaders.NotBefore), CultureInfo.InvariantCulture);
            Assert.Equal(t0.AddSeconds(i).ToUnixTimeMilliseconds(), notBefore); // one second apart: 60/min
            Assert.True(long.Parse(TopicTail.Header(all[i], CommandHeaders.ReleasedAt), CultureInfo.InvariantCulture) >= notBefore, $"c{i} ran early");
        }

        Assert.Contains("\"number\":\"5511999990000\"", Encoding.UTF8.GetString(all[0].Message.Value!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rejections_duplicates_holds_and_dead_letters_come_out_as_specified()
    {
        var h = new ProcessorHarness(stack, CommandProcessorSettings.Defaults);
        h.CreateEventTopics("shop");
        h.Connector("shop", "open");
        h.Connector("quiet", "close", hold: true);
        h.CreateEventTopics("quiet");
        h.Connector("closed", "close");
        h.CreateEventTopics("closed");
        using var accepted = h.Tail(h.Topics.AcceptedCommands);
        using var rejected = h.Tail(h.Topics.RejectedCommands);
        using var rejectedEvents = h.Tail(h.EventTopic("shop", EvolutionEvents.CommandRejected));
        using var dead = h.Tail(h.Topics.DeadLetter);

        h.Commands([SendText(1, ",\"idempotencyKey\":\"order-1\""), SendText(2, ",\"idempotencyKey\":\"order-1\""), "{\"command\":\"sendText\",\"number\":\"5511999999999\",\"text\":\"x\"}"]);
        h.Commands(["{\"command\":\"sendText\",\"instance\":\"ghost\",\"number\":\"5511999999999\",\"text\":\"x\"}"], key: "ghost");
        h.Commands(["{\"command\":\"createInstance\",\"instance\":\"shop\"}"]);
        h.Commands(["{\"command\":\"sendText\",\"instance\":\"closed\",\"number\":\"5511999999999\",\"text\":\"x\"}"], key: "closed");
        h.Commands(["{\"command\":\"sendText\",\"instance\":\"quiet\",\"commandId\":\"held\",\"number\":\"5511999999999\",\"text\":\"x\"}"], key: "quiet");
        h.Produce(h.Topics.Commands, null, Encoding.UTF8.GetBytes("not json"));
        var (run, stop) = h.Start();

        var refused = rejected.WaitFor(5);
        Assert.True(dead.WaitFor(1).Count == 1, string.Join(" / ", dead.Records.Select(r => TopicTail.Header(r, DeadLetterHeaders.Error))));
        Assert.Single(accepted.WaitFor(1));
        var byReason = refused.ToDictionary(r => TopicTail.Header(r, CommandHeaders.RejectionReason), r => TopicTail.Header(r, CommandHeaders.HttpStatus));
        Assert.Equal(5, refused.Count);
        Assert.Equal("409", byReason["'idempotencyKey' 'order-1' was already used by command c0001 (accepted 2026-03-01T09:00:00.0000000+00:00); this repeat is not executed"]);
        Assert.Equal("400", byReason["'instance' is required"]);
        Assert.Equal("404", byReason["'instance' 'ghost' does not exist"]);
        Assert.Equal("409", byReason["'instanceName' 'shop' is taken: an instance with this name already exists"]);
        Assert.Equal("409", byReason["'instance' 'closed' is not connected (state: close); connect it first, or set holdUntilConnected in its settings to hold sends until it connects"]);
        Assert.Equal("c0001", TopicTail.Header(refused.Single(r => TopicTail.Header(r, CommandHeaders.DuplicateOf) != ""), CommandHeaders.DuplicateOf));
        Assert.Equal(3, rejectedEvents.WaitFor(3).Count); // duplicate, missing instance (keyed shop) and name taken: shop exists
        Assert.Equal("the record has no key and names no instance; besides, the command is not a readable record: The record's first non-whitespace byte is 0x6E ('n') at offset 0; expected a JSON object ('{') or a Confluent wire-format Protobuf record (magic byte 0x00).",
            TopicTail.Header(dead.Records[0], DeadLetterHeaders.Error));

        // The held send runs once its instance connects, not before.
        h.Connector("quiet", "open", hold: true);
        var released = accepted.WaitFor(2);
        await stop.CancelAsync();
        await run;
        Assert.Equal(["c0001", "held"], released.Select(r => TopicTail.Header(r, CommandHeaders.CommandId)));
    }
}

using System.Net;
using System.Text.Json;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Api.Streams;

/// <summary>
/// Socket.IO, plain WebSocket and SSE against real clients (socket.io-client 4.8.4 and ws 8.23.0 from npm, and
/// HttpClient), fed by records the test writes to the event feed.
/// </summary>
public sealed class StreamRoutesTests(EmbeddedStack stack) : IAsyncLifetime
{
    private const string ShopToken = "shop-token-0123456789abcdef";
    private const string OtherToken = "other-token-0123456789abcdef";
    private StreamFeed _feed = null!;

    public async ValueTask InitializeAsync()
    {
        _feed = await StreamFeed.StartAsync(stack);
        await _feed.AddInstanceAsync("shop", ShopToken);
        await _feed.AddInstanceAsync("other", OtherToken);
        await _feed.AddInstanceAsync("filtered", events: ["MESSAGES_UPSERT"]);
        await _feed.AddInstanceAsync("quiet", enabled: false);
    }

    public async ValueTask DisposeAsync() => await _feed.DisposeAsync();

    [Fact]
    public async Task Socket_io_client_with_default_options_gets_its_instance_s_events_over_polling_then_websocket()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await NodeStreamClient.StartAsync("socketio", $"{_feed.Address}shop", new { apikey = ApiTestBed.GlobalKey }, ct);
        Assert.Equal("polling", (await client.NextAsync("open")).GetProperty("transport").GetString());
        await client.NextAsync("connect");
        await _feed.ProduceAsync("shop", StreamFeed.Text("one"));
        await _feed.ProduceAsync("other", StreamFeed.Text("not for shop"));
        Assert.Equal("websocket", (await client.NextAsync("upgrade")).GetProperty("transport").GetString());
        await _feed.ProduceAsync("shop", StreamFeed.Text("two"), StreamFeed.Text("three"));

        var events = await client.EventsAsync(3);
        Assert.Equal(["one", "two", "three"], events.Select(Conversation));
        Assert.All(events, e => Assert.Equal("messages.upsert", e.GetProperty("event").GetString()));
        Assert.Equal("websocket", events[^1].GetProperty("transport").GetString());
        var payload = events[0].GetProperty("payload");
        // Evolution's websocket message, plus the resume cursor.
        Assert.Equal(
            ["event", "instance", "data", "server_url", "date_time", "sender", "apikey", "timestamp", "cursor"],
            payload.EnumerateObject().Select(p => p.Name));
        Assert.Equal("shop", payload.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task Socket_io_client_on_the_root_namespace_gets_every_instance_s_events_with_the_global_key_and_is_refused_a_wrong_key()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var client = await NodeStreamClient.StartAsync("socketio", _feed.Address.ToString(), new { apikey = ApiTestBed.GlobalKey }, ct);
        await client.NextAsync("connect");
        await _feed.ProduceAsync("shop", StreamFeed.Text("to shop"));
        await _feed.ProduceAsync("other", "instance.configured"); // Evostream's own: not on the global stream
        await _feed.ProduceAsync("other", StreamFeed.Text("to other"));

        var events = await client.EventsAsync(2);
        Assert.Equal(["shop", "other"], events.Select(e => e.GetProperty("payload").GetProperty("instance").GetString()));

        await using var wrong = await NodeStreamClient.StartAsync("socketio", _feed.Address.ToString(), new { apikey = "not-a-key-0123456789abcdef" }, ct);
        Assert.Contains("Unauthorized", (await wrong.NextAsync("error")).GetProperty("message").GetString(), StringComparison.Ordinal);
        await using var token = await NodeStreamClient.StartAsync("socketio", $"{_feed.Address}other", new { apikey = ShopToken }, ct);
        Assert.Contains("another instance", (await token.NextAsync("error")).GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ws_client_gets_one_JSON_payload_per_frame_and_resumes_after_its_cursor_with_since()
    {
        var ct = TestContext.Current.CancellationToken;
        string firstCursor;
        await using (var client = await NodeStreamClient.StartAsync("ws", $"{_feed.WsAddress}/ws?apikey={ApiTestBed.GlobalKey}&instance=shop", new { }, ct))
        {
            await client.NextAsync("connect");
            await _feed.ProduceAsync("shop", StreamFeed.Text("a"), StreamFeed.Text("b"), StreamFeed.Text("c"));
            var events = await client.EventsAsync(3);
            Assert.Equal(["a", "b", "c"], events.Select(Conversation));
            Assert.All(events, e => Assert.False(e.GetProperty("binary").GetBoolean()));
            firstCursor = events[0].GetProperty("payload").GetProperty("cursor").GetString()!;
        }

        await _feed.ProduceAsync("shop", StreamFeed.Text("d"));
        // The instance token, in the apikey header, at / as the seed's example connects.
        await using var resumed = await NodeStreamClient.StartAsync("ws", $"{_feed.WsAddress}/?since={firstCursor}", new { apikey = ShopToken, header = true }, ct);
        Assert.Equal(["b", "c", "d"], (await resumed.EventsAsync(3)).Select(Conversation));
        await _feed.ProduceAsync("shop", StreamFeed.Text("e"));
        Assert.Equal("e", Conversation(await resumed.NextAsync("event")));

        await using var wrong = await NodeStreamClient.StartAsync("ws", $"{_feed.WsAddress}/ws?apikey=wrong-key-0123456789abcdef&instance=shop", new { }, ct);
        Assert.Equal(401, (await wrong.NextAsync("error")).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Sse_sends_id_event_and_data_and_resumes_from_Last_Event_ID()
    {
        var ct = TestContext.Current.CancellationToken;
        List<SseMessage> first;
        using (var stream = await SseReader.OpenAsync(_feed.Bed.Client, "/sse/shop", ApiTestBed.GlobalKey, null, ct))
        {
            await _feed.ProduceAsync("shop", StreamFeed.Text("s1"), StreamFeed.Text("s2"));
            first = [await stream.NextAsync(), await stream.NextAsync()];
        }

        Assert.Equal(["messages.upsert", "messages.upsert"], first.Select(m => m.Event));
        Assert.Equal(["s1", "s2"], first.Select(m => Conversation(m.Data)));
        Assert.Equal(first[0].Id, first[0].Data.GetProperty("cursor").GetString());
        await _feed.ProduceAsync("shop", StreamFeed.Text("s3"));

        using var resumed = await SseReader.OpenAsync(_feed.Bed.Client, "/sse/shop", ShopToken, first[0].Id, ct);
        Assert.Equal(["s2", "s3"], new[] { await resumed.NextAsync(), await resumed.NextAsync() }.Select(m => Conversation(m.Data)));
    }

    [Theory]
    [InlineData("/sse/shop", "not-a-key-0123456789abcdef", null, HttpStatusCode.Unauthorized, "Unauthorized")]
    [InlineData("/sse/other", ShopToken, null, HttpStatusCode.Forbidden, "another instance")]
    [InlineData("/sse", ShopToken + "x", null, HttpStatusCode.Unauthorized, "Unauthorized")]
    [InlineData("/sse/nowhere", ApiTestBed.GlobalKey, null, HttpStatusCode.NotFound, "nowhere")]
    [InlineData("/sse/quiet", ApiTestBed.GlobalKey, null, HttpStatusCode.Forbidden, "/websocket/set/quiet")]
    [InlineData("/sse/shop?since=!!!", ApiTestBed.GlobalKey, null, HttpStatusCode.BadRequest, "since")]
    [InlineData("/sse/shop", ApiTestBed.GlobalKey, "bm90LWEtY3Vyc29y", HttpStatusCode.BadRequest, "Last-Event-ID")]
    public async Task Bad_stream_requests_are_answered_at_once_naming_the_problem(string path, string key, string? lastEventId, HttpStatusCode status, string named)
    {
        var ct = TestContext.Current.CancellationToken;
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("apikey", key);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        using var response = await _feed.Bed.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal(status, response.StatusCode);
        Assert.Contains(named, await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_instance_s_events_filter_and_an_instance_token_limit_what_it_streams()
    {
        var ct = TestContext.Current.CancellationToken;
        using var filtered = await SseReader.OpenAsync(_feed.Bed.Client, "/sse/filtered", ApiTestBed.GlobalKey, null, ct);
        // An instance token without a named instance streams its own instance, and only it.
        using var own = await SseReader.OpenAsync(_feed.Bed.Client, "/sse", ShopToken, null, ct);
        await _feed.ProduceAsync("filtered", "connection.update");
        await _feed.ProduceAsync("other", StreamFeed.Text("not shop's"));
        await _feed.ProduceAsync("filtered", StreamFeed.Text("upsert passes"));
        await _feed.ProduceAsync("shop", StreamFeed.Text("shop's"));

        Assert.Equal("upsert passes", Conversation((await filtered.NextAsync()).Data));
        var mine = await own.NextAsync();
        Assert.Equal("shop", mine.Data.GetProperty("instance").GetString());
        Assert.Equal("shop's", Conversation(mine.Data));
    }

    internal static string? Conversation(JsonElement line) =>
        (line.TryGetProperty("payload", out var payload) ? payload : line).GetProperty("data").GetProperty("message").GetProperty("conversation").GetString();
}

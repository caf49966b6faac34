using System.Globalization;
using System.Net.WebSockets;
using Evostream.Bench.Measuring;
using Evostream.Bench.Scenarios.Pipeline;

namespace Evostream.Bench.Scenarios.Streams;

/// <summary>
/// What idle live-stream subscribers cost: the process's managed heap and RSS growth from 1,000 plain WebSocket
/// clients connected to the Api's <c>/ws</c> (global key, every instance's events, nothing flowing), against the
/// same clients connected to a bare Kestrel WebSocket endpoint. The clients live in the same process on both sides.
/// </summary>
public sealed class IdleSubscribersScenario : IScenario
{
    private const int Subscribers = 1_000;

    public string Name => "streams";

    public Task<ScenarioResult> RunAsync(BenchStack stack, Profile profile, CancellationToken ct) =>
        stack.OnFreshClusterAsync(cluster => MeasureAsync(cluster, profile, ct));

    private static async Task<ScenarioResult> MeasureAsync(BenchCluster cluster, Profile profile, CancellationToken ct)
    {
        await using var api = await PipelineHost.StartAsync(cluster, Stages.Api, ct, new Dictionary<string, string?>
        {
            ["WEBSOCKET_ENABLED"] = "true",
            ["WEBSOCKET_GLOBAL_EVENTS"] = "true",
        });
        await using var bare = await BareWebSocketEndpoint.StartAsync(ct);
        var evostream = new Uri($"ws://127.0.0.1:{api.BaseAddress.Port}/ws?apikey={PipelineHost.ApiKey}");
        var heap = (Subject: new List<double>(), Baseline: new List<double>());
        var rss = (Subject: new List<double>(), Baseline: new List<double>());
        await Runs.PairedAsync(
            profile,
            async run =>
            {
                var (r, h) = await GrowthAsync(evostream, ct);
                if (run >= 0)
                {
                    heap.Subject.Add(h);
                    rss.Subject.Add(r);
                }

                return h;
            },
            async run =>
            {
                var (r, h) = await GrowthAsync(bare.Address, ct);
                if (run >= 0)
                {
                    heap.Baseline.Add(h);
                    rss.Baseline.Add(r);
                }

                return h;
            });

        return new ScenarioResult(
            "streams",
            "Memory of 1,000 idle plain WebSocket subscribers on the Api's /ws (global key, all events) vs the same clients on a bare Kestrel WebSocket endpoint, clients in the same process; growth after a full GC",
            new Dictionary<string, string>
            {
                ["subscribers"] = Subscribers.ToString("N0", CultureInfo.InvariantCulture),
                ["stream"] = "/ws?apikey=<global key>, WEBSOCKET_GLOBAL_EVENTS=true, no events flowing",
                ["baseline"] = "Kestrel UseWebSockets, accept and wait for close (same keep-alive)",
            },
            [
                new Measurement("managed heap per 1,000 idle WebSocket subscribers", "MiB", new Samples(heap.Subject), new Samples(heap.Baseline), "bare Kestrel WebSocket endpoint", HigherIsBetter: false),
                new Measurement("RSS per 1,000 idle WebSocket subscribers", "MiB", new Samples(rss.Subject), new Samples(rss.Baseline), "bare Kestrel WebSocket endpoint", HigherIsBetter: false),
            ]);
    }

    /// <summary>MiB of RSS and managed heap per 1,000 subscribers while <see cref="Subscribers"/> clients hold a socket open.</summary>
    private static async Task<(double Rss, double Heap)> GrowthAsync(Uri address, CancellationToken ct)
    {
        var before = ProcessMemory.Settle();
        var clients = new List<ClientWebSocket>(Subscribers);
        try
        {
            for (var i = 0; i < Subscribers; i++)
            {
                var client = new ClientWebSocket();
                clients.Add(client);
                await client.ConnectAsync(address, ct);
            }

            // The server's side of the last upgrades finishes after the clients' handshakes do.
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            var after = ProcessMemory.Settle();
            var scale = 1000.0 / Subscribers / ProcessMemory.MiB;
            return ((after.Rss - before.Rss) * scale, (after.Heap - before.Heap) * scale);
        }
        finally
        {
            await Task.WhenAll(clients.Select(async c =>
            {
                try
                {
                    await c.CloseAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                }
                catch (Exception e) when (e is WebSocketException or InvalidOperationException)
                {
                    // never connected, or already closed by the server
                }

                c.Dispose();
            }));
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Evostream.Bench.Measuring;
using Evostream.Connector.Drivers;
using Evostream.Connector.Drivers.CloudApi;
using Evostream.Contracts.V1;
using Evostream.Platform.Configuration;

namespace Evostream.Bench.Scenarios.CloudApi;

/// <summary>
/// The Cloud API driver's own cost: sendText through a WHATSAPP-BUSINESS session against crabline's Graph messages
/// endpoint, against a bare HttpClient loop posting the same bodies (built once, beforehand) to the same endpoint with
/// the same concurrency. crabline answers both, so the ratio is what the driver adds per send.
/// </summary>
public sealed class CloudApiScenario : IScenario
{
    private const int Concurrency = 8;
    private const string To = "5511988887777";

    public string Name => "cloudapi";

    public async Task<ScenarioResult> RunAsync(BenchStack stack, Profile profile, CancellationToken ct)
    {
        // A send is a round trip to a Node process: a hundredth of the Kafka scenarios' records keeps a run in seconds.
        var sends = Math.Max(200, profile.Records / 100);
        await using var crabline = await CrablineServer.StartAsync(ct);
        var settings = new WaBusinessSettings(new Uri(crabline.BaseUrl + "/"), WaBusinessSettings.DefaultVersion, WaBusinessSettings.DefaultLanguage, "", null, false);
        var driver = CloudApiDriver.Create(settings, TimeProvider.System);
        await using var session = await driver.OpenAsync(new SessionStart("bench", "bench-id", Encoding.UTF8.GetBytes(crabline.AccessToken), crabline.PhoneNumberId), ct);
        using var bare = new HttpClient();
        var url = settings.MessagesUrl(crabline.PhoneNumberId);

        var (subject, baseline) = await Runs.PairedAsync(
            profile,
            run => TimedAsync(sends, async i =>
            {
                var command = new CommandEnvelope { CommandId = $"c{run}-{i}", Instance = "bench", SendText = new SendText { Number = To, Text = Text(run, i) } };
                if (await session.ExecuteAsync(new DriverRequest(command, $"id{run}-{i}"), ct) is not DriverResult.Done)
                {
                    throw new InvalidOperationException("crabline refused a send through the driver");
                }
            }),
            run =>
            {
                var bodies = Enumerable.Range(0, sends).Select(i => Encoding.UTF8.GetBytes(
                    $$$"""{"messaging_product":"whatsapp","recipient_type":"individual","to":"{{{To}}}","type":"text","text":{"body":"{{{Text(run, i)}}}","preview_url":false}}""")).ToArray();
                return TimedAsync(sends, async i =>
                {
                    using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(bodies[i]) };
                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", crabline.AccessToken);
                    using var response = await bare.SendAsync(request, ct);
                    response.EnsureSuccessStatusCode();
                    _ = await response.Content.ReadAsStringAsync(ct);
                });
            });

        return new ScenarioResult(
            "Transport: Cloud API driver",
            "sendText through a WHATSAPP-BUSINESS session vs a bare HttpClient loop, both against crabline's Graph messages endpoint",
            new Dictionary<string, string>
            {
                ["sends per run"] = sends.ToString(CultureInfo.InvariantCulture),
                ["concurrency"] = Concurrency.ToString(CultureInfo.InvariantCulture),
                ["peer"] = "@openclaw/crabline (tests/crabline)",
            },
            [new Measurement("throughput", "sends/s", subject, baseline, "bare HttpClient loop", Target: 0.5)]);
    }

    private static string Text(int run, int i) => $"bench {run} {i}";

    private static async Task<double> TimedAsync(int sends, Func<int, Task> send)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            for (var i = Interlocked.Increment(ref next); i < sends; i = Interlocked.Increment(ref next))
            {
                await send(i);
            }
        }));
        return sends / clock.Elapsed.TotalSeconds;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using Evostream.Api.Writing;

namespace Evostream.Bench.Scenarios.Pipeline;

/// <summary>
/// An Evolution client calling <c>POST /message/sendText/{instance}</c> with <c>Prefer: respond-async</c>: the 202
/// arrives once Kafka has the command and carries its id, which the outcome is then traced by.
/// </summary>
public sealed class RestIngress(PipelineHost host, int clients) : ICommandIngress
{
    private readonly HttpClient _http = HttpLoad.Client(host.BaseAddress, clients);

    public string Name => "REST";

    public async Task<string> SubmitAsync(int i, string instance, CancellationToken ct)
    {
        using var request = Request(i, instance);
        using var response = await _http.SendAsync(request, ct);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException(
                $"POST {request.RequestUri} answered {(int)response.StatusCode} (expected 202): {await response.Content.ReadAsStringAsync(ct)}");
        }

        var pending = await response.Content.ReadFromJsonAsync<PendingCommand>(ct);
        return pending?.CommandId ?? throw new InvalidOperationException($"POST {request.RequestUri} answered 202 without a commandId.");
    }

    /// <summary>The request for command <paramref name="i"/>, as <see cref="HttpLoad"/> sends it in a burst.</summary>
    public static HttpRequestMessage Request(int i, string instance)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/message/sendText/{instance}")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(
                $$"""{"number":"{{CommandFeed.Recipient(i)}}","text":"order {{i}} is on its way: thanks for shopping with us"}"""))
            {
                Headers = { ContentType = new("application/json") },
            },
        };
        request.Headers.Add("apikey", PipelineHost.ApiKey);
        request.Headers.Add("Prefer", "respond-async");
        return request;
    }

    // Every 202 was awaited by its caller before this is reached: nothing is left in flight.
    public Task DrainAsync(CancellationToken ct) => Task.CompletedTask;

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}

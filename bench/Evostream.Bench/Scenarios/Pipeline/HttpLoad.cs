using System.Diagnostics;
using System.Net;

namespace Evostream.Bench.Scenarios.Pipeline;

/// <summary>
/// Closed-loop HTTP load: <c>clients</c> concurrent callers, each sending its next request as soon as the last is
/// answered, until <c>requests</c> have been answered. Any answer but the expected status fails the run.
/// </summary>
public static class HttpLoad
{
    public static async Task<double> RequestsPerSecondAsync(
        HttpClient http, int requests, int clients, HttpStatusCode expected, Func<int, HttpRequestMessage> request, CancellationToken ct)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                using var message = request(i);
                using var response = await http.SendAsync(message, ct);
                if (response.StatusCode != expected)
                {
                    throw new InvalidOperationException(
                        $"{message.Method} {message.RequestUri} answered {(int)response.StatusCode} (expected {(int)expected}): {await response.Content.ReadAsStringAsync(ct)}");
                }
            }
        }, ct)));
        return requests / clock.Elapsed.TotalSeconds;
    }

    /// <summary>One client for many concurrent callers: enough pooled connections that none waits for a socket.</summary>
    public static HttpClient Client(Uri baseAddress, int clients) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) }) { BaseAddress = baseAddress };
}

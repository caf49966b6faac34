using System.Collections.Concurrent;
using System.Diagnostics;
using Evostream.Bench.Scenarios.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Evostream.Bench.Scenarios.Webhooks;

/// <summary>
/// The webhook receiver both sides post to: a minimal Kestrel endpoint on 127.0.0.1 that reads the body, answers 200,
/// counts the POSTs per path and notes when each <c>webhook-id</c> first arrived (on <see cref="Clock"/>).
/// </summary>
public sealed class CountingReceiver : IAsyncDisposable
{
    public const string HookPath = "/hook";
    public const string RawPath = "/raw";

    private readonly WebApplication _app;
    private long _hooks;

    private CountingReceiver(WebApplication app, int port)
    {
        _app = app;
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri BaseAddress { get; }

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    /// <summary>POSTs to <see cref="HookPath"/> so far (the delivery stage's).</summary>
    public long Hooks => Interlocked.Read(ref _hooks);

    public ConcurrentDictionary<string, long> ArrivedAt { get; } = new(StringComparer.Ordinal);

    /// <summary>The first body delivered to <see cref="HookPath"/>: what the baseline posts.</summary>
    public byte[]? Sample { get; private set; }

    public static async Task<CountingReceiver> StartAsync(CancellationToken ct)
    {
        var port = PipelineHost.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new CountingReceiver(app, port);
        app.MapPost(HookPath + "/{**rest}", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            receiver.ArrivedAt.TryAdd(http.Request.Headers["webhook-id"].ToString(), receiver.Clock.ElapsedTicks);
            receiver.Sample ??= buffer.ToArray();
            Interlocked.Increment(ref receiver._hooks);
            return Results.Ok();
        });
        app.MapPost(RawPath, async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            return Results.Ok();
        });
        await app.StartAsync(ct);
        return receiver;
    }

    /// <summary>Waits until <see cref="Hooks"/> reaches <paramref name="count"/>; fails after <paramref name="timeout"/>.</summary>
    public async Task UntilHooksAsync(long count, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = Clock.Elapsed + timeout;
        while (Hooks < count)
        {
            if (Clock.Elapsed > deadline)
            {
                throw new TimeoutException($"the receiver had {Hooks} of {count} webhooks after {timeout.TotalSeconds} s");
            }

            await Task.Delay(1, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}

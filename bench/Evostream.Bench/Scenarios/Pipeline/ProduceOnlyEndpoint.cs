using System.Text;
using Confluent.Kafka;
using Evostream.Api.Writing;
using Evostream.Contracts.Commands;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Evostream.Bench.Scenarios.Pipeline;

/// <summary>
/// The Api's raw baseline: a minimal Kestrel endpoint that reads the request body and produces a record of the same
/// size, key and headers as the Api's command record, with the same producer config (KafkaClientConfigs.Producer plus
/// the Api's linger and timeout), and answers 202 once Kafka has it. No auth, validation, mapping or outcome lookups.
/// </summary>
public sealed class ProduceOnlyEndpoint : IAsyncDisposable
{
    public const string Path = "/produce/{instanceName}";

    private readonly WebApplication _app;
    private readonly IProducer<string, byte[]> _producer;

    private ProduceOnlyEndpoint(WebApplication app, IProducer<string, byte[]> producer, Uri baseAddress)
    {
        _app = app;
        _producer = producer;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<ProduceOnlyEndpoint> StartAsync(BenchCluster cluster, string topic, byte[] body, CancellationToken ct)
    {
        var config = cluster.Configs.Producer("bench-api-baseline");
        config.MessageTimeoutMs = 10_000;
        config.LingerMs = 1;
        var producer = cluster.Configs.ProducerBuilder<string, byte[]>(config).Build();
        var recordSize = ApiRecordSize(body);
        var issuedBy = Encoding.UTF8.GetBytes("api/global-key");
        var port = PipelineHost.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapPost(Path, async (string instanceName, HttpContext http) =>
        {
            // Read the body as the Api does, then write a record as large as the command it would have made.
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            var value = new byte[recordSize];
            buffer.GetBuffer().AsSpan(0, (int)Math.Min(buffer.Length, recordSize)).CopyTo(value);
            await producer.ProduceAsync(topic, new Message<string, byte[]>
            {
                Key = instanceName,
                Value = value,
                Headers = [new Header(EvolutionHeaders.ContentType, Encoding.UTF8.GetBytes(EvolutionHeaders.JsonContentType)), new Header(CommandProducer.IssuedByHeader, issuedBy)],
            }, CancellationToken.None);
            return Results.Accepted();
        });
        await app.StartAsync(ct);
        return new ProduceOnlyEndpoint(app, producer, new Uri($"http://127.0.0.1:{port}"));
    }

    /// <summary>The size of the record the Api writes for <paramref name="body"/>: the command JSON with id, time and issuer filled in.</summary>
    public static int ApiRecordSize(byte[] body)
    {
        var read = CommandBody.Read("sendText", CommandFeed.Instance(0), body);
        var envelope = read.Envelope ?? throw new InvalidOperationException("the api benchmark's body is not a valid sendText: " + read.Error);
        envelope.CommandId = Guid.CreateVersion7().ToString();
        envelope.IssuedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow);
        envelope.IssuedBy = new Issuer { Kind = "api", Principal = "global-key" };
        return CommandJson.Write(envelope).Length;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
    }
}

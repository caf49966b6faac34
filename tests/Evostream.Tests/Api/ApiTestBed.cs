using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using Evostream.Contracts.Commands;
using Evostream.Contracts.V1;
using Evostream.Platform.Kafka;
using Evostream.Tests.Infrastructure;
using Npgsql;

namespace Evostream.Tests.Api;

/// <summary>
/// The Api on a test server with a topic prefix and a read-model schema of its own, plus what the rest of the pipeline
/// would do: read the commands the Api wrote, and write outcomes and read-model rows for it to find.
/// </summary>
internal sealed class ApiTestBed : IAsyncDisposable
{
    public const string GlobalKey = "test-key-0123456789abcdef";

    private readonly IConsumer<string, byte[]> _consumer;
    private readonly CancellationTokenSource _stop = new();
    private Task? _responder;

    private ApiTestBed(ApiHost host, string topic, string connectionString, IConsumer<string, byte[]> consumer)
    {
        Host = host;
        CommandsTopic = topic;
        ConnectionString = connectionString;
        _consumer = consumer;
    }

    public ApiHost Host { get; }

    public string CommandsTopic { get; }

    public string Prefix => CommandsTopic.Split('.')[1];

    public string ConnectionString { get; }

    public System.Collections.Concurrent.ConcurrentBag<Exception> ResponderErrors { get; } = [];

    public static async Task<ApiTestBed> StartAsync(EmbeddedStack stack, IDictionary<string, string?>? overrides = null, int? port = null)
    {
        var prefix = EmbeddedStack.NewPrefix("api");
        var topic = new StageTopics(prefix).Commands;
        stack.Kafka.CreateTopic(topic, 3, 3);
        var (schema, connectionString) = await ReadModelSchema.CreateAsync(stack, TestContext.Current.CancellationToken);
        var settings = new Dictionary<string, string?>
        {
            ["KAFKA_TOPIC_PREFIX"] = prefix,
            ["EVOSTREAM_PROJECTIONS_SCHEMA"] = schema,
            ["EVOSTREAM_API_OUTCOME_WAIT_MS"] = "3000",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var host = await ApiHost.StartAsync(stack, settings, port);
        var configs = new KafkaClientConfigs(stack.KafkaSettings(prefix));
        var consumerConfig = configs.Consumer("api-test", prefix + "-reader");
        // The embedded broker answers a fetch only when its wait ends: keep it short so the stand-in pipeline is prompt.
        consumerConfig.FetchWaitMaxMs = 10;
        var consumer = new ConsumerBuilder<string, byte[]>(consumerConfig).Build();
        consumer.Assign(Enumerable.Range(0, 3).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        return new ApiTestBed(host, topic, connectionString, consumer);
    }

    public HttpClient Client => Host.Client;

    /// <summary>A request with the global key (or <paramref name="key"/>), and a JSON body when given.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, string? key = GlobalKey, Action<HttpRequestMessage>? adjust = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (key is not null)
        {
            request.Headers.Add("apikey", key);
        }

        if (body is string raw)
        {
            request.Content = new StringContent(raw, System.Text.Encoding.UTF8, "application/json");
        }
        else if (body is HttpContent content)
        {
            request.Content = content;
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        adjust?.Invoke(request);
        return Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    /// <summary>The next command the Api wrote, read back as the CommandProcessor would read it.</summary>
    public async Task<(string Key, CommandEnvelope Command, Headers Headers)> NextCommandAsync()
    {
        var result = await Task.Run(() => _consumer.Consume(TimeSpan.FromSeconds(30)), TestContext.Current.CancellationToken)
            ?? throw new TimeoutException("The Api wrote no command.");
        var read = CommandJson.Read(result.Message.Value);
        Assert.True(read.IsValid, read.Error?.Message);
        return (result.Message.Key, read.Envelope, result.Message.Headers);
    }

    /// <summary>Stands in for the pipeline: each command the Api writes gets the outcome <paramref name="outcome"/> builds.</summary>
    public void Respond(Func<CommandEnvelope, Outcome?> outcome, Func<CommandEnvelope, Task>? sideEffects = null) =>
        _responder = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var result = _consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result is null)
                {
                    continue;
                }

                try
                {
                    var command = CommandJson.Read(result.Message.Value).Envelope!;
                    if (sideEffects is not null)
                    {
                        await sideEffects(command);
                    }

                    if (outcome(command) is { } o)
                    {
                        await InsertOutcomeAsync(command.CommandId, command.Instance, o);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Kept so a test can show why its command got no outcome, and the responder goes on with the next.
                    ResponderErrors.Add(e);
                }
            }
        });

    public async Task InsertOutcomeAsync(string commandId, string instance, Outcome o) =>
        await ExecuteAsync(
            """
            INSERT INTO command_outcomes (command_id, instance, command, state, state_rank, reason, field, http_status, duplicate_of, message_id,
                remote_jid, detail, event_id, updated_at, version)
            VALUES ($1, $2, 'command', $3, 2, $4, $5, $6, $7, $8, $9, $10, $1, now(), '1')
            ON CONFLICT (command_id) DO UPDATE SET state = excluded.state, message_id = excluded.message_id, detail = excluded.detail
            """,
            commandId, instance, o.State, o.Reason, o.Field, o.HttpStatus, o.DuplicateOf, o.MessageId, o.RemoteJid, o.Detail);

    public Task InsertInstanceAsync(string name, string? token = null, string status = "close") =>
        ExecuteAsync(
            "INSERT INTO instances (name, id, integration, connection_status, token_sha256, created_at, updated_at) VALUES ($1, $2, 'WHATSAPP-BAILEYS', $3, $4, now(), now())",
            name, Guid.NewGuid().ToString(), status, token is null ? null : Evostream.Api.Auth.TokenHash.Hex(token));

    public Task InsertQrAsync(string instance, string base64, int count) =>
        ExecuteAsync(
            """
            INSERT INTO instance_qrcodes (instance, code, base64, count, updated_at, version) VALUES ($1, $2, $3, $4, now(), $4::text)
            ON CONFLICT (instance) DO UPDATE SET code = excluded.code, base64 = excluded.base64, count = excluded.count, updated_at = now()
            """,
            instance, "2@code-" + count, base64, count);

    public async Task ExecuteAsync(string sql, params object?[] values)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        // Not the test's token: a bed shared by a class outlives each test's context.
        await connection.OpenAsync(_stop.Token);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        await command.ExecuteNonQueryAsync(_stop.Token);
    }

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_responder is not null)
        {
            await _responder;
        }

        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
        await Host.DisposeAsync();
    }
}

/// <summary>A command outcome row as the Projections would write it.</summary>
internal sealed record Outcome(
    string State, string? Reason = null, string? Field = null, int? HttpStatus = null, string? DuplicateOf = null, string? MessageId = null,
    string? RemoteJid = null, string? Detail = null)
{
    public static Outcome Executed(string? messageId = null, string? remoteJid = null, string? detail = null) =>
        new("executed", MessageId: messageId, RemoteJid: remoteJid, Detail: detail);

    public static Outcome Rejected(int status, string reason, string? field = null) => new("rejected", reason, field, status);
}

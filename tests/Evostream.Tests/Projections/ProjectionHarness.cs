using Confluent.Kafka;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Evostream.Contracts.WireFormat;
using Evostream.Platform.Configuration;
using Evostream.Platform.Kafka;
using Evostream.Projections;
using Evostream.Projections.Migrations;
using Evostream.Projections.Reading;
using Evostream.Projections.Rebuild;
using Evostream.Projections.Storage;
using Evostream.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Evostream.Tests.Projections;

/// <summary>One test's topic prefix and database, with helpers to feed events and run projectors on them.</summary>
internal sealed class ProjectionHarness : IAsyncDisposable
{
    private readonly EmbeddedStack _stack;
    private readonly HashSet<string> _topics = [];
    private readonly List<NpgsqlDataSource> _sources = [];
    private readonly IProducer<string, byte[]> _producer;

    private ProjectionHarness(EmbeddedStack stack, string connectionString)
    {
        _stack = stack;
        Prefix = EmbeddedStack.NewPrefix("p");
        Kafka = stack.KafkaSettings(Prefix);
        Configs = new KafkaClientConfigs(Kafka);
        ConnectionString = connectionString;
        _producer = new ProducerBuilder<string, byte[]>(Configs.Producer("test-feed")).Build();
    }

    public string Prefix { get; }

    public KafkaSettings Kafka { get; }

    public KafkaClientConfigs Configs { get; }

    /// <summary>The server connection string, without a schema.</summary>
    public string ConnectionString { get; }

    /// <summary>Records produced so far: the sum of next offsets once everything is projected.</summary>
    public long Produced { get; private set; }

    public static async Task<ProjectionHarness> StartAsync(EmbeddedStack stack)
    {
        var withSchema = await stack.NewSchemaAsync();
        var plain = new NpgsqlConnectionStringBuilder(withSchema) { SearchPath = null }.ConnectionString;
        return new ProjectionHarness(stack, plain);
    }

    public static string NewSchema() => EmbeddedStack.NewPrefix("rm").ToLowerInvariant();

    public ProjectionsSettings Settings(string schema, int maxBatch = 200) =>
        ProjectionsSettings.Default with { Schema = schema, GroupId = $"{Prefix}-{schema}", MaxBatch = maxBatch };

    public async Task<ProjectionStore> MigratedStoreAsync(string schema)
    {
        var source = ProjectionStore.CreateDataSource(ConnectionString, schema);
        _sources.Add(source);
        await using var connection = await source.OpenConnectionAsync();
        await new Migrator(NullLogger<Migrator>.Instance).MigrateAsync(connection, schema);
        return new ProjectionStore(source, schema);
    }

    public Projector Projector(ProjectionStore store, int maxBatch = 200)
    {
        var topics = new InputTopics(Kafka);
        return new Projector(Configs, Settings(store.Schema, maxBatch), store, Batch(topics), topics, TimeProvider.System, NullLogger<Projector>.Instance);
    }

    public Rebuilder Rebuilder(string schema) =>
        new(Configs, Settings(schema, 500), new InputTopics(Kafka), Batch(new InputTopics(Kafka)), new Migrator(NullLogger<Migrator>.Instance), ConnectionString);

    public void Produce(IEnumerable<EventEnvelope> events)
    {
        var publishing = new EventPublishing(Prefix, PerInstanceTopics: true, GlobalTopics: false, "http://localhost:8080");
        foreach (var envelope in events)
        {
            foreach (var record in EventRecords.Json(envelope, publishing))
            {
                Send(record.Topic, record.Key, record.Value, record.Headers);
            }
        }

        _producer.Flush(TimeSpan.FromSeconds(30));
    }

    public void ProduceRaw(string topic, byte[] value)
    {
        Send(topic, "raw", value, []);
        _producer.Flush(TimeSpan.FromSeconds(30));
    }

    /// <summary>Waits until the schema's stored offsets account for every record produced.</summary>
    public async Task WaitProjectedAsync(string schema, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        long at = -1;
        while (DateTime.UtcNow < deadline)
        {
            at = await ScalarAsync<long>(schema, "SELECT coalesce(sum(next_offset), 0)::bigint FROM projection_offsets");
            if (at == Produced)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Schema {schema} projected {at} of {Produced} records in time.");
    }

    public async Task<T> ScalarAsync<T>(string schema, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { SearchPath = schema }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>One digest per read-model table (all but the migration log), over every row's text in a fixed order.</summary>
    public async Task<Dictionary<string, string>> ChecksumsAsync(string schema)
    {
        var tables = new List<string>();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = @s AND table_name <> 'schema_migrations' ORDER BY 1", connection))
        {
            list.Parameters.AddWithValue("s", schema);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        var sums = new Dictionary<string, string>();
        foreach (var table in tables)
        {
            await using var digest = new NpgsqlCommand($"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text COLLATE \"C\")), '') FROM \"{schema}\".\"{table}\" t", connection);
            sums[table] = (string)(await digest.ExecuteScalarAsync())!;
        }

        return sums;
    }

    public async ValueTask DisposeAsync()
    {
        _producer.Dispose();
        foreach (var source in _sources)
        {
            await source.DisposeAsync();
        }
    }

    private static RecordBatch Batch(InputTopics topics) => new(new EventRecordReader(new ProtobufWireDeserializer<EventEnvelope>()), topics);

    private void Send(string topic, string key, byte[] value, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        if (_topics.Add(topic))
        {
            _stack.Kafka.CreateTopic(topic, 2, 3);
        }

        var message = new Message<string, byte[]> { Key = key, Value = value, Headers = [] };
        foreach (var (name, text) in headers)
        {
            message.Headers.Add(name, System.Text.Encoding.UTF8.GetBytes(text));
        }

        _producer.Produce(topic, message);
        Produced++;
    }
}

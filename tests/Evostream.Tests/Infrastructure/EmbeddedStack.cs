using Evostream.Platform.Configuration;
using Evostream.Platform.Embedded;
using Evostream.Platform.Kafka;
using Evostream.Tests.Infrastructure;
using Npgsql;

[assembly: AssemblyFixture(typeof(EmbeddedStack))]

namespace Evostream.Tests.Infrastructure;

/// <summary>
/// One embedded Kafka cluster and one private PostgreSQL for the whole test run. Tests isolate themselves with
/// a unique topic prefix (<see cref="NewPrefix"/>) and a database schema of their own (<see cref="NewSchemaAsync"/>).
/// </summary>
public sealed class EmbeddedStack : IAsyncLifetime
{
    private static int s_counter;
    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), $"evostream-test-pg-{Environment.ProcessId}-{Guid.NewGuid():N}");
    private EmbeddedKafka? _kafka;
    private PrivatePostgres? _postgres;

    public EmbeddedKafka Kafka => _kafka ?? throw new InvalidOperationException("The embedded stack has not started.");

    public PrivatePostgres Postgres => _postgres ?? throw new InvalidOperationException("The embedded stack has not started.");

    public async ValueTask InitializeAsync()
    {
        _kafka = EmbeddedKafka.Start(brokerCount: 3);
        _postgres = await PrivatePostgres.StartAsync(_dataDir, durable: false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        _kafka?.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
            File.Delete(_dataDir + ".log");
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>A topic prefix no other test uses, legal in topic names.</summary>
    public static string NewPrefix(string hint = "t") => $"{hint}{Interlocked.Increment(ref s_counter)}x{Guid.NewGuid().ToString("N")[..6]}";

    public KafkaSettings KafkaSettings(string topicPrefix) => Kafka.SettingsFor(topicPrefix);

    /// <summary>A fresh schema; the returned connection string puts it first on the search path.</summary>
    public async Task<string> NewSchemaAsync(CancellationToken ct = default)
    {
        var schema = NewPrefix("s").ToLowerInvariant();
        await using var connection = new NpgsqlConnection(Postgres.ConnectionString);
        await connection.OpenAsync(ct);
        await using var create = new NpgsqlCommand($"CREATE SCHEMA \"{schema}\"", connection);
        await create.ExecuteNonQueryAsync(ct);
        return new NpgsqlConnectionStringBuilder(Postgres.ConnectionString) { SearchPath = schema }.ConnectionString;
    }
}

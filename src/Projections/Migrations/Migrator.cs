using Microsoft.Extensions.Logging;
using Npgsql;

namespace Evostream.Projections.Migrations;

/// <summary>
/// Brings a schema up to the newest migration. Several replicas may start at once: a transaction-scoped advisory
/// lock per schema lets one apply the scripts while the others wait, then find nothing left to do.
/// </summary>
public sealed partial class Migrator(ILogger<Migrator> logger)
{
    /// <returns>The numbers of the migrations applied now.</returns>
    public async Task<IReadOnlyList<int>> MigrateAsync(NpgsqlConnection connection, string schema, IReadOnlyList<Migration>? scripts = null, CancellationToken ct = default)
    {
        scripts ??= MigrationScripts.All;
        await using var tx = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtext('evostream.migrations'), hashtext(@schema))", ct, ("schema", schema));
        await ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS \"{schema}\"", ct);
        await ExecuteAsync(connection, $"SET LOCAL search_path TO \"{schema}\"", ct);
        await ExecuteAsync(connection, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                number     int PRIMARY KEY,
                name       text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, ct);

        var applied = new HashSet<int>();
        await using (var read = new NpgsqlCommand("SELECT number FROM schema_migrations", connection))
        await using (var rows = await read.ExecuteReaderAsync(ct))
        {
            while (await rows.ReadAsync(ct))
            {
                applied.Add(rows.GetInt32(0));
            }
        }

        var now = new List<int>();
        foreach (var script in scripts.Where(s => !applied.Contains(s.Number)))
        {
            await ExecuteAsync(connection, script.Sql, ct);
            await ExecuteAsync(connection, "INSERT INTO schema_migrations (number, name) VALUES (@n, @name)", ct, ("n", script.Number), ("name", script.Name));
            LogApplied(logger, script.Name, schema);
            now.Add(script.Number);
        }

        await tx.CommitAsync(ct);
        return now;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(ct);
    }

    [LoggerMessage(LogLevel.Information, "Applied migration {Migration} to schema {Schema}")]
    private static partial void LogApplied(ILogger logger, string migration, string schema);
}

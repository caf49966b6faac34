using Evostream.Projections.Model;
using Npgsql;

namespace Evostream.Projections.Storage;

/// <summary>
/// The read models of one schema and the offsets that produced them. A batch's rows and its offsets commit in one
/// transaction (invariant 5); the offsets are compared-and-set first, so a projector that lost its partition, or
/// whose tables a rebuild replaced, writes nothing and learns it must seek again.
/// </summary>
public sealed class ProjectionStore(NpgsqlDataSource dataSource, string schema)
{
    public string Schema { get; } = schema;

    public NpgsqlDataSource DataSource { get; } = dataSource;

    /// <summary>Test hook run after the rows are written and before the commit, to simulate a crash mid-batch.</summary>
    public Func<CancellationToken, Task>? BeforeCommit { get; set; }

    public static NpgsqlDataSource CreateDataSource(string connectionString, string schema)
    {
        var builder = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ConnectionString);
        return builder.Build();
    }

    /// <summary>Stored next offsets of the given partitions; absent ones are left out.</summary>
    public async Task<Dictionary<(string Topic, int Partition), long>> LoadOffsetsAsync(IReadOnlyCollection<(string Topic, int Partition)> partitions, CancellationToken ct)
    {
        var result = new Dictionary<(string, int), long>();
        if (partitions.Count == 0)
        {
            return result;
        }

        await using var command = DataSource.CreateCommand("""
            SELECT o.topic, o.partition, o.next_offset FROM projection_offsets o
            JOIN unnest(@topics::text[], @partitions::int[]) AS p(topic, partition) ON p.topic = o.topic AND p.partition = o.partition
            """);
        command.Parameters.AddWithValue("topics", partitions.Select(p => p.Topic).ToArray());
        command.Parameters.AddWithValue("partitions", partitions.Select(p => p.Partition).ToArray());
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result[(reader.GetString(0), reader.GetInt32(1))] = reader.GetInt64(2);
        }

        return result;
    }

    /// <exception cref="OffsetConflictException">The stored offsets moved under this projector; nothing was written.</exception>
    public async Task WriteAsync(BatchRows rows, IReadOnlyList<OffsetAdvance> advances, CancellationToken ct)
    {
        await using var connection = await DataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await AdvanceOffsetsAsync(connection, tx, advances, ct);

        await using (var batch = new NpgsqlBatch(connection, tx))
        {
            foreach (var statement in RowStatements.For(rows))
            {
                batch.BatchCommands.Add(statement);
            }

            if (batch.BatchCommands.Count > 0)
            {
                await batch.ExecuteNonQueryAsync(ct);
            }
        }

        if (BeforeCommit is { } hook)
        {
            await hook(ct);
        }

        await tx.CommitAsync(ct);
    }

    private static async Task AdvanceOffsetsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, IReadOnlyList<OffsetAdvance> advances, CancellationToken ct)
    {
        if (advances.Count == 0)
        {
            return;
        }

        // The update takes the partitions' row locks first: a concurrent writer of the same partitions waits, then
        // finds the offset moved and writes nothing.
        await using var command = new NpgsqlCommand("""
            WITH input AS (SELECT * FROM unnest(@topics::text[], @partitions::int[], @expected::bigint[], @next::bigint[]) AS u(topic, partition, expected, next)),
            updated AS (
                UPDATE projection_offsets o SET next_offset = i.next FROM input i
                WHERE o.topic = i.topic AND o.partition = i.partition AND o.next_offset = i.expected
                RETURNING 1),
            inserted AS (
                INSERT INTO projection_offsets (topic, partition, next_offset)
                SELECT topic, partition, next FROM input WHERE expected = -1
                ON CONFLICT DO NOTHING
                RETURNING 1)
            SELECT (SELECT count(*) FROM updated) + (SELECT count(*) FROM inserted)
            """, connection, tx);
        command.Parameters.AddWithValue("topics", advances.Select(a => a.Topic).ToArray());
        command.Parameters.AddWithValue("partitions", advances.Select(a => a.Partition).ToArray());
        command.Parameters.AddWithValue("expected", advances.Select(a => a.Expected).ToArray());
        command.Parameters.AddWithValue("next", advances.Select(a => a.Next).ToArray());
        var moved = (long)(await command.ExecuteScalarAsync(ct))!;
        if (moved != advances.Count)
        {
            throw new OffsetConflictException(
                $"Stored offsets of {advances.Count - moved} of {advances.Count} partitions were not where this projector left them; another writer moved them.");
        }
    }
}

using Evostream.Api.Routes.Configuration;
using Evostream.Delivery.Configuration;

namespace Evostream.Api.Reading;

/// <summary>Reads the delivery stage's records (schema EVOSTREAM_WEBHOOK_SCHEMA, table webhook_deliveries).</summary>
public sealed class DeliveryQueries(ReadModelDb db, DeliverySettings delivery)
{
    private string Table => $"\"{delivery.Schema}\".webhook_deliveries";

    public async Task<IReadOnlyList<DeliveryView>> RecentAsync(string instance, string? state, int limit, CancellationToken ct)
    {
        await using var command = db.Command($"""
            SELECT delivery_id, event, event_id, target, url, state, attempts, last_status, last_error, first_attempt_at, updated_at
            FROM {Table} WHERE instance = $1 AND ($2::text IS NULL OR state = $2) ORDER BY updated_at DESC LIMIT $3
            """);
        command.Parameters.AddWithValue(instance);
        command.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)state ?? DBNull.Value);
        command.Parameters.AddWithValue(limit);
        var rows = new List<DeliveryView>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                rows.Add(new DeliveryView(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                    reader.GetInt32(6), reader.IsDBNull(7) ? null : reader.GetInt32(7), reader.IsDBNull(8) ? null : reader.GetString(8),
                    reader.GetFieldValue<DateTimeOffset>(9), reader.GetFieldValue<DateTimeOffset>(10)));
            }
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable)
        {
            // No delivery stage has started against this database yet: nothing was delivered.
        }

        return rows;
    }

    public async Task<long> ParkedCountAsync(string instance, CancellationToken ct)
    {
        await using var command = db.Command($"SELECT count(*) FROM {Table} WHERE instance = $1 AND state = 'parked'");
        command.Parameters.AddWithValue(instance);
        try
        {
            return (long)(await command.ExecuteScalarAsync(ct))!;
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == Npgsql.PostgresErrorCodes.UndefinedTable)
        {
            return 0;
        }
    }
}

using Npgsql;

namespace Evostream.Api.Reading;

/// <summary>Reads the command_outcomes read model (command.accepted/rejected/executed/outcome-unknown).</summary>
public sealed class OutcomeQueries(ReadModelDb db)
{
    public async Task<CommandOutcome?> FindAsync(string commandId, CancellationToken ct)
    {
        await using var command = db.Command(
            """
            SELECT command_id, instance, command, state, http_status, field, reason, duplicate_of, message_id, remote_jid,
                   detail, not_before, updated_at
            FROM command_outcomes WHERE command_id = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = commandId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new CommandOutcome(
            reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetInt32(4),
            reader.Text(5), reader.Text(6), reader.Text(7), reader.Text(8), reader.Text(9), reader.Text(10),
            reader.IsDBNull(11) ? null : reader.GetFieldValue<DateTimeOffset>(11),
            reader.GetFieldValue<DateTimeOffset>(12));
    }
}

internal static class ReaderExtensions
{
    public static string? Text(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}

using Npgsql;

namespace Evostream.Api.Reading;

public sealed record ContactRow(string RemoteJid, string? PushName, string? ProfilePicUrl, string? InstanceId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record ChatRow(
    string RemoteJid, string? Name, int UnreadMessages, string? LastMessageKeyId, long? LastMessageTimestamp, string? InstanceId,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>Reads the contacts and chats read models.</summary>
public sealed class ChatQueries(ReadModelDb db)
{
    public async Task<IReadOnlyList<ContactRow>> ContactsAsync(string instance, string? remoteJid, string? pushName, CancellationToken ct)
    {
        await using var command = db.Command(
            """
            SELECT remote_jid, push_name, profile_pic_url, instance_id, created_at, updated_at FROM contacts
            WHERE instance = $1 AND ($2::text IS NULL OR remote_jid = $2) AND ($3::text IS NULL OR push_name ILIKE '%' || $3 || '%')
            ORDER BY remote_jid
            """);
        AddParameters(command, instance, remoteJid, pushName);
        var rows = new List<ContactRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new ContactRow(reader.GetString(0), reader.Text(1), reader.Text(2), reader.Text(3),
                reader.GetFieldValue<DateTimeOffset>(4), reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<ChatRow>> ChatsAsync(string instance, string? remoteJid, CancellationToken ct)
    {
        await using var command = db.Command(
            """
            SELECT remote_jid, name, unread_messages, last_message_key_id, last_message_timestamp, instance_id, created_at, updated_at
            FROM chats WHERE instance = $1 AND deleted_at IS NULL AND ($2::text IS NULL OR remote_jid = $2)
            ORDER BY last_message_timestamp DESC NULLS LAST, remote_jid
            """);
        AddParameters(command, instance, remoteJid);
        var rows = new List<ChatRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(new ChatRow(reader.GetString(0), reader.Text(1), reader.GetInt32(2), reader.Text(3),
                reader.IsDBNull(4) ? null : reader.GetInt64(4), reader.Text(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<DateTimeOffset>(7)));
        }

        return rows;
    }

    internal static void AddParameters(NpgsqlCommand command, params string?[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        }
    }
}

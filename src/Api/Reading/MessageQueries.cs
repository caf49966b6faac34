using System.Text;
using System.Text.Json.Nodes;
using Npgsql;

namespace Evostream.Api.Reading;

/// <summary>findMessages' filter: Evolution's <c>where</c> (key fields, messageType, source, timestamp range).</summary>
public sealed record MessageFilter(
    string? Id, string? RemoteJid, bool? FromMe, string? Participant, string? MessageType, string? Source, long? From, long? To);

/// <summary>Reads the messages read model, joined with each message's current status.</summary>
public sealed class MessageQueries(ReadModelDb db)
{
    private const string Select =
        """
        SELECT m.key_id, m.remote_jid, m.from_me, m.participant, m.push_name, m.message_type, m.content::text,
               m.context_info::text, m.message_timestamp, m.instance_id, m.source, s.status
        FROM messages m LEFT JOIN message_status s ON s.instance = m.instance AND s.key_id = m.key_id
        """;

    public async Task<MessageRow?> FindAsync(string instance, string keyId, CancellationToken ct)
    {
        await using var command = db.Command(Select + " WHERE m.instance = $1 AND m.key_id = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = instance });
        command.Parameters.Add(new NpgsqlParameter { Value = keyId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Row(reader) : null;
    }

    /// <summary>One page, newest first as Evolution orders it, and the total that matched.</summary>
    public async Task<(long Total, IReadOnlyList<MessageRow> Rows)> FindAsync(string instance, MessageFilter filter, int skip, int take, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var where = new StringBuilder(" WHERE m.instance = $1");
        var values = new List<object> { instance };
        void Add(string condition, object? value)
        {
            if (value is not null)
            {
                values.Add(value);
                where.Append(" AND ").Append(condition.Replace("?", "$" + values.Count, StringComparison.Ordinal));
            }
        }

        Add("m.key_id = ?", filter.Id);
        Add("m.remote_jid = ?", filter.RemoteJid);
        Add("m.from_me = ?", filter.FromMe);
        Add("m.participant = ?", filter.Participant);
        Add("m.message_type = ?", filter.MessageType);
        Add("m.source = ?", filter.Source);
        Add("m.message_timestamp >= ?", filter.From);
        Add("m.message_timestamp <= ?", filter.To);

        await using var count = db.Command("SELECT count(*) FROM messages m" + where);
        await using var page = db.Command(Select + where + $" ORDER BY m.message_timestamp DESC, m.key_id DESC OFFSET {skip} LIMIT {take}");
        foreach (var value in values)
        {
            count.Parameters.Add(new NpgsqlParameter { Value = value });
            page.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        var total = (long)(await count.ExecuteScalarAsync(ct))!;
        var rows = new List<MessageRow>();
        await using var reader = await page.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(Row(reader));
        }

        return (total, rows);
    }

    private static MessageRow Row(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetBoolean(2), r.Text(3), r.Text(4), r.GetString(5),
        r.Text(6) is { } content ? JsonNode.Parse(content) : null,
        r.Text(7) is { } context ? JsonNode.Parse(context) : null,
        r.GetInt64(8), r.Text(9), r.Text(10), r.Text(11));
}

namespace Evostream.Api.Reading;

public sealed record ParticipantRow(string Id, string? Admin);

public sealed record GroupRow(
    string Id, string Subject, string? SubjectOwner, long? SubjectTime, int Size, long Creation, string? Owner, string? Desc, string? DescId,
    bool Restrict, bool Announce, IReadOnlyList<ParticipantRow> Participants);

/// <summary>Reads the groups and group_participants read models (current members only).</summary>
public sealed class GroupQueries(ReadModelDb db)
{
    public async Task<IReadOnlyList<GroupRow>> GroupsAsync(string instance, string? groupId, bool participants, CancellationToken ct)
    {
        await using var command = db.Command(
            """
            SELECT g.id, g.subject, g.subject_owner, g.subject_time, g.size, g.creation, g.owner, g."desc", g.desc_id, g.restrict, g.announce,
                   CASE WHEN $3 THEN (SELECT coalesce(array_agg(p.participant ORDER BY p.participant), '{}') FROM group_participants p
                        WHERE p.instance = g.instance AND p.group_id = g.id AND NOT p.removed) END,
                   CASE WHEN $3 THEN (SELECT coalesce(array_agg(coalesce(p.admin, '') ORDER BY p.participant), '{}') FROM group_participants p
                        WHERE p.instance = g.instance AND p.group_id = g.id AND NOT p.removed) END
            FROM groups g WHERE g.instance = $1 AND ($2::text IS NULL OR g.id = $2) ORDER BY g.id
            """);
        ChatQueries.AddParameters(command, instance, groupId);
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = participants });
        var rows = new List<GroupRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var members = new List<ParticipantRow>();
            if (!reader.IsDBNull(11))
            {
                var ids = reader.GetFieldValue<string[]>(11);
                var admins = reader.GetFieldValue<string[]>(12);
                members.AddRange(ids.Select((id, i) => new ParticipantRow(id, admins[i].Length == 0 ? null : admins[i])));
            }

            rows.Add(new GroupRow(reader.GetString(0), reader.GetString(1), reader.Text(2), reader.IsDBNull(3) ? null : reader.GetInt64(3),
                reader.GetInt32(4), reader.GetInt64(5), reader.Text(6), reader.Text(7), reader.Text(8), reader.GetBoolean(9), reader.GetBoolean(10), members));
        }

        return rows;
    }
}

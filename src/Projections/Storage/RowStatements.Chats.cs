using Evostream.Projections.Model;
using Npgsql;

namespace Evostream.Projections.Storage;

/// <summary>
/// Chats and contacts gather several independently versioned column groups per row. Each group's winner is picked
/// per key here, then one upsert per table applies every group under its own rule: one row version per key and
/// batch instead of one per group, with the same end state as merging the groups one after another.
/// </summary>
internal static partial class RowStatements
{
    private sealed record ChatMerge(
        string Instance, string RemoteJid, string? InstanceId, string? Name, string? NameVersion, int? Unread, string? UnreadVersion,
        DateTime? DeletedAt, string LifecycleVersion, string? LastKeyId, long? LastTimestamp, DateTime First, DateTime Last);

    private sealed record ContactMerge(
        string Instance, string RemoteJid, string? InstanceId, string? PushName, string? PushNameVersion, string? PictureUrl, string? PictureVersion,
        DateTime First, DateTime Last);

    private static NpgsqlBatchCommand? Chats(List<ChatRow> chats, List<ChatMessageRow> messages, List<ChatDeleteRow> deletes)
    {
        // Deleted or not: the latest of the chat's deletes and of the events that show it alive (chat events, messages).
        var lifecycles = chats.Select(c => (c.Instance, c.RemoteJid, DeletedAt: (DateTime?)null, c.At, c.Version))
            .Concat(messages.Select(m => (m.Instance, m.RemoteJid, DeletedAt: (DateTime?)null, m.At, m.Version)))
            .Concat(deletes.Select(d => (d.Instance, d.RemoteJid, DeletedAt: (DateTime?)d.At, d.At, d.Version)))
            .ToList();
        if (lifecycles.Count == 0)
        {
            return null;
        }

        var names = Reduce.Best(chats, r => (r.Instance, r.RemoteJid), (a, b) => a.Name is not null && (b.Name is null || Reduce.Newer(a.Version, b.Version)))
            .ToDictionary(r => (r.Instance, r.RemoteJid));
        var unread = Reduce.Best(chats.Where(r => r.Unread is not null), r => (r.Instance, r.RemoteJid), (a, b) => Reduce.Newer(a.Version, b.Version))
            .ToDictionary(r => (r.Instance, r.RemoteJid));
        var last = Reduce.Best(messages, r => (r.Instance, r.RemoteJid),
                (a, b) => a.MessageTimestamp > b.MessageTimestamp || (a.MessageTimestamp == b.MessageTimestamp && string.CompareOrdinal(a.KeyId, b.KeyId) > 0))
            .ToDictionary(r => (r.Instance, r.RemoteJid));
        var spans = Reduce.Span(lifecycles, e => (e.Instance, e.RemoteJid), e => e.At);
        var merged = Reduce.Best(lifecycles, e => (e.Instance, e.RemoteJid), (a, b) => Reduce.Newer(a.Version, b.Version))
            .Select(e =>
            {
                var key = (e.Instance, e.RemoteJid);
                var name = names.GetValueOrDefault(key);
                var count = unread.GetValueOrDefault(key);
                var message = last.GetValueOrDefault(key);
                return new ChatMerge(e.Instance, e.RemoteJid, name?.InstanceId, name?.Name, name?.Name is null ? null : name.Version,
                    count?.Unread, count?.Version, e.DeletedAt, e.Version, message?.KeyId, message?.MessageTimestamp, spans[key].First, spans[key].Last);
            })
            .ToList();

        const string NameWins = "excluded.name_version > coalesce(t.name_version, '')";
        const string UnreadWins = "excluded.unread_version IS NOT NULL AND (t.unread_version IS NULL OR excluded.unread_version > t.unread_version)";
        const string LifecycleWins = "t.lifecycle_version IS NULL OR excluded.lifecycle_version > t.lifecycle_version";
        const string LastWins = """
            excluded.last_message_timestamp IS NOT NULL AND (t.last_message_timestamp IS NULL
                OR (excluded.last_message_timestamp, excluded.last_message_key_id COLLATE "C") > (t.last_message_timestamp, t.last_message_key_id COLLATE "C"))
            """;
        return new Unnest<ChatMerge>(merged)
            .Text("instance", r => r.Instance).Text("remote_jid", r => r.RemoteJid).Text("instance_id", r => r.InstanceId)
            .Text("name", r => r.Name).Text("name_version", r => r.NameVersion)
            .Int("unread_messages", r => r.Unread, orElse: 0).Text("unread_version", r => r.UnreadVersion)
            .Time("deleted_at", r => r.DeletedAt).Text("lifecycle_version", r => r.LifecycleVersion)
            .Text("last_message_key_id", r => r.LastKeyId).Long("last_message_timestamp", r => r.LastTimestamp)
            .Time("created_at", r => r.First).Time("updated_at", r => r.Last)
            .Insert("chats", $"""
                ON CONFLICT (instance, remote_jid) DO UPDATE SET
                    instance_id = coalesce(t.instance_id, excluded.instance_id),
                    name = CASE WHEN {NameWins} THEN excluded.name ELSE t.name END,
                    name_version = CASE WHEN {NameWins} THEN excluded.name_version ELSE t.name_version END,
                    unread_messages = CASE WHEN {UnreadWins} THEN excluded.unread_messages ELSE t.unread_messages END,
                    unread_version = CASE WHEN {UnreadWins} THEN excluded.unread_version ELSE t.unread_version END,
                    deleted_at = CASE WHEN {LifecycleWins} THEN excluded.deleted_at ELSE t.deleted_at END,
                    lifecycle_version = CASE WHEN {LifecycleWins} THEN excluded.lifecycle_version ELSE t.lifecycle_version END,
                    last_message_key_id = CASE WHEN {LastWins} THEN excluded.last_message_key_id ELSE t.last_message_key_id END,
                    last_message_timestamp = CASE WHEN {LastWins} THEN excluded.last_message_timestamp ELSE t.last_message_timestamp END,
                    created_at = least(t.created_at, excluded.created_at),
                    updated_at = greatest(t.updated_at, excluded.updated_at)
                """);
    }

    private static NpgsqlBatchCommand? Contacts(List<ContactRow> rows)
    {
        if (rows.Count == 0)
        {
            return null;
        }

        var pictures = Reduce.Best(rows.Where(r => r.ProfilePicUrl is not null), r => (r.Instance, r.RemoteJid), (a, b) => Reduce.Newer(a.Version, b.Version))
            .ToDictionary(r => (r.Instance, r.RemoteJid));
        var spans = Reduce.Span(rows, r => (r.Instance, r.RemoteJid), r => r.At);
        var merged = Reduce.Best(rows, r => (r.Instance, r.RemoteJid), (a, b) => a.PushName is not null && (b.PushName is null || Reduce.Newer(a.Version, b.Version)))
            .Select(r =>
            {
                var key = (r.Instance, r.RemoteJid);
                var picture = pictures.GetValueOrDefault(key);
                return new ContactMerge(r.Instance, r.RemoteJid, r.InstanceId, r.PushName, r.PushName is null ? null : r.Version,
                    picture?.ProfilePicUrl, picture?.Version, spans[key].First, spans[key].Last);
            })
            .ToList();

        const string NameWins = "excluded.push_name_version > coalesce(t.push_name_version, '')";
        const string PictureWins = "excluded.profile_pic_version IS NOT NULL AND (t.profile_pic_version IS NULL OR excluded.profile_pic_version > t.profile_pic_version)";
        return new Unnest<ContactMerge>(merged)
            .Text("instance", r => r.Instance).Text("remote_jid", r => r.RemoteJid).Text("instance_id", r => r.InstanceId)
            .Text("push_name", r => r.PushName).Text("push_name_version", r => r.PushNameVersion)
            .Text("profile_pic_url", r => r.PictureUrl).Text("profile_pic_version", r => r.PictureVersion)
            .Time("created_at", r => r.First).Time("updated_at", r => r.Last)
            .Insert("contacts", $"""
                ON CONFLICT (instance, remote_jid) DO UPDATE SET
                    instance_id = coalesce(t.instance_id, excluded.instance_id),
                    push_name = CASE WHEN {NameWins} THEN excluded.push_name ELSE t.push_name END,
                    push_name_version = CASE WHEN {NameWins} THEN excluded.push_name_version ELSE t.push_name_version END,
                    profile_pic_url = CASE WHEN {PictureWins} THEN excluded.profile_pic_url ELSE t.profile_pic_url END,
                    profile_pic_version = CASE WHEN {PictureWins} THEN excluded.profile_pic_version ELSE t.profile_pic_version END,
                    created_at = least(t.created_at, excluded.created_at),
                    updated_at = greatest(t.updated_at, excluded.updated_at)
                """);
    }
}

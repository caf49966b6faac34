using Evostream.Projections.Model;
using Npgsql;

namespace Evostream.Projections.Storage;

/// <summary>
/// The set-based statements that merge one batch's rows into the read models. Every merge is order-safe: rows carry
/// event versions and an update applies only when it is newer (or, for statuses, ranks higher), so the tables end up
/// the same whatever order the topics were read in, and re-applying an event changes nothing.
/// </summary>
internal static partial class RowStatements
{
    private const string NewerVersion = "excluded.version > t.version";

    public static IEnumerable<NpgsqlBatchCommand> For(BatchRows rows)
    {
        var statements = new List<NpgsqlBatchCommand?>
        {
            InstanceLifecycles(rows.InstanceLifecycles),
            InstanceConfigs(rows.InstanceConfigs),
            InstanceConnections(rows.InstanceConnections),
            InstanceTouch(rows),
            QrCodes(rows.QrCodes),
            Settings(rows.Settings),
            Webhooks(rows.Webhooks),
            Kafka(rows.Kafka),
            Websockets(rows.Websockets),
            Messages(rows.Messages),
            Edits(rows.Edits),
            ApplyEdits(rows.Messages, rows.Edits),
            Touch("messages", "key_id", rows.Messages.Select(m => (m.Instance, m.KeyId, m.At)), updated: false),
            Statuses(rows.Statuses),
            StatusHistory(rows.Statuses),
            Chats(rows.Chats, rows.ChatMessages, rows.ChatDeletes),
            Contacts(rows.Contacts),
            Groups(rows.Groups),
            Participants(rows.Participants),
            Labels(rows.Labels),
            LabelAssociations(rows.LabelAssociations),
            CommandOutcomes(rows.CommandOutcomes),
            Parked(rows.Parked),
        };
        return statements.OfType<NpgsqlBatchCommand>();
    }

    private static NpgsqlBatchCommand? InstanceLifecycles(List<InstanceLifecycleRow> rows) => rows.Count == 0 ? null :
        new Unnest<InstanceLifecycleRow>(Reduce.Best(rows, r => r.Name, (a, b) => Reduce.Newer(a.Version, b.Version)))
            .Text("name", r => r.Name).Text("id", r => r.Id).Text("integration", r => r.Integration)
            .Time("created_at", r => r.CreatedAt).Time("deleted_at", r => r.DeletedAt).Time("updated_at", r => r.At).Text("lifecycle_version", r => r.Version)
            .Insert("instances", """
                ON CONFLICT (name) DO UPDATE SET
                    id = coalesce(t.id, excluded.id),
                    integration = coalesce(t.integration, excluded.integration),
                    created_at = least(t.created_at, excluded.created_at),
                    deleted_at = CASE WHEN excluded.lifecycle_version > coalesce(t.lifecycle_version, '') THEN excluded.deleted_at ELSE t.deleted_at END,
                    lifecycle_version = greatest(t.lifecycle_version, excluded.lifecycle_version)
                """);

    private static NpgsqlBatchCommand? InstanceConfigs(List<InstanceConfigRow> rows) => rows.Count == 0 ? null :
        new Unnest<InstanceConfigRow>(Reduce.Best(rows, r => r.Name, (a, b) => Reduce.Newer(a.Version, b.Version)))
            .Text("name", r => r.Name).Text("id", r => r.Id).Text("integration", r => r.Integration).Text("number", r => r.Number)
            .Text("business_id", r => r.BusinessId).Text("token_sha256", r => r.TokenSha256).Time("updated_at", r => r.At).Text("config_version", r => r.Version)
            .Text("transport", r => r.Transport)
            .Insert("instances", """
                ON CONFLICT (name) DO UPDATE SET
                    id = excluded.id, integration = excluded.integration, number = excluded.number, business_id = excluded.business_id,
                    token_sha256 = excluded.token_sha256, config_version = excluded.config_version, transport = excluded.transport
                WHERE t.config_version IS NULL OR excluded.config_version > t.config_version
                """);

    private static NpgsqlBatchCommand? InstanceConnections(List<InstanceConnectionRow> rows) => rows.Count == 0 ? null :
        new Unnest<InstanceConnectionRow>(Reduce.Best(rows, r => r.Name, (a, b) => Reduce.Newer(a.Version, b.Version)))
            .Text("name", r => r.Name).Text("connection_status", r => r.Status).Text("owner_jid", r => r.OwnerJid).Text("profile_name", r => r.ProfileName)
            .Text("profile_pic_url", r => r.ProfilePicUrl).Int("disconnection_reason_code", r => r.ReasonCode).Time("disconnection_at", r => r.DisconnectedAt)
            .Time("updated_at", r => r.At).Text("connection_version", r => r.Version)
            .Insert("instances", """
                ON CONFLICT (name) DO UPDATE SET
                    connection_status = excluded.connection_status,
                    owner_jid = coalesce(excluded.owner_jid, t.owner_jid),
                    profile_name = coalesce(excluded.profile_name, t.profile_name),
                    profile_pic_url = coalesce(excluded.profile_pic_url, t.profile_pic_url),
                    disconnection_reason_code = coalesce(excluded.disconnection_reason_code, t.disconnection_reason_code),
                    disconnection_at = coalesce(excluded.disconnection_at, t.disconnection_at),
                    connection_version = excluded.connection_version
                WHERE t.connection_version IS NULL OR excluded.connection_version > t.connection_version
                """);

    private static NpgsqlBatchCommand? QrCodes(List<QrCodeRow> rows) => rows.Count == 0 ? null :
        new Unnest<QrCodeRow>(Reduce.Best(rows, r => r.Instance, (a, b) => Reduce.Newer(a.Version, b.Version)))
            .Text("instance", r => r.Instance).Text("code", r => r.Code).Text("base64", r => r.Base64).Text("pairing_code", r => r.PairingCode)
            .Int("count", r => r.Count).Text("message", r => r.Message).Int("status_code", r => r.StatusCode).Time("updated_at", r => r.At).Text("version", r => r.Version)
            .Insert("instance_qrcodes", $"""
                ON CONFLICT (instance) DO UPDATE SET code = excluded.code, base64 = excluded.base64, pairing_code = excluded.pairing_code,
                    count = excluded.count, message = excluded.message, status_code = excluded.status_code, updated_at = excluded.updated_at, version = excluded.version
                WHERE {NewerVersion}
                """);

    private static NpgsqlBatchCommand? Settings(List<SettingsRow> rows) => rows.Count == 0 ? null :
        new Unnest<SettingsRow>(Reduce.Best(rows, r => r.Instance, (a, b) => Reduce.Newer(a.Version, b.Version)))
            .Text("instance", r => r.Instance).Bool("reject_call", r => r.RejectCall).Text("msg_call", r => r.MsgCall).Bool("groups_ignore", r => r.GroupsIgnore)
            .Bool("always_online", r => r.AlwaysOnline).Bool("read_messages", r => r.ReadMessages).Bool("read_status", r => r.ReadStatus)
            .Bool("sync_full_history", r => r.SyncFullHistory).Text("wavoip_token", r => r.WavoipToken).Bool("hold_until_connected", r => r.HoldUntilConnected)
            .Time("updated_at", r => r.At).Text("version", r => r.Version)
            .Insert("instance_settings", $"""
                ON CONFLICT (instance) DO UPDATE SET reject_call = excluded.reject_call, msg_call = excluded.msg_call, groups_ignore = excluded.groups_ignore,
                    always_online = excluded.always_online, read_messages = excluded.read_messages, read_status = excluded.read_status,
                    sync_full_history = excluded.sync_full_history, wavoip_token = excluded.wavoip_token, hold_until_connected = excluded.hold_until_connected,
                    updated_at = excluded.updated_at, version = excluded.version
                WHERE {NewerVersion}
                """);

    private static NpgsqlBatchCommand? Webhooks(List<WebhookRow> rows) => rows.Count == 0 ? null :
        new Unnest<WebhookRow>(Reduce.Best(rows, r => r.Instance, (a, b) => Reduce.Newer(a.Version, b.Version)))
            .Text("instance", r => r.Instance).Bool("enabled", r => r.Enabled).Text("url", r => r.Url).Json("headers", r => r.HeadersJson)
            .Bool("by_events", r => r.ByEvents).Bool("base64", r => r.Base64).TextList("events", r => r.EventsJson).Time("updated_at", r => r.At).Text("version", r => r.Version)
            .Insert("instance_webhooks", $"""
                ON CONFLICT (instance) DO UPDATE SET enabled = excluded.enabled, url = excluded.url, headers = excluded.headers, by_events = excluded.by_events,
                    base64 = excluded.base64, events = excluded.events, updated_at = excluded.updated_at, version = excluded.version
                WHERE {NewerVersion}
                """);

    private static NpgsqlBatchCommand? Kafka(List<KafkaRow> rows) => rows.Count == 0 ? null :
        new Unnest<KafkaRow>(Reduce.Best(rows, r => r.Instance, (a, b) => Reduce.Newer(a.Version, b.Version)))
            .Text("instance", r => r.Instance).Bool("enabled", r => r.Enabled).TextList("events", r => r.EventsJson).Time("updated_at", r => r.At).Text("version", r => r.Version)
            .Insert("instance_kafka", $"""
                ON CONFLICT (instance) DO UPDATE SET enabled = excluded.enabled, events = excluded.events, updated_at = excluded.updated_at, version = excluded.version
                WHERE {NewerVersion}
                """);

    private static NpgsqlBatchCommand? Websockets(List<WebsocketRow> rows) => rows.Count == 0 ? null :
        new Unnest<WebsocketRow>(Reduce.Best(rows, r => r.Instance, (a, b) => Reduce.Newer(a.Version, b.Version)))
            .Text("instance", r => r.Instance).Bool("enabled", r => r.Enabled).TextList("events", r => r.EventsJson).Time("updated_at", r => r.At).Text("version", r => r.Version)
            .Insert("instance_websocket", $"""
                ON CONFLICT (instance) DO UPDATE SET enabled = excluded.enabled, events = excluded.events, updated_at = excluded.updated_at, version = excluded.version
                WHERE {NewerVersion}
                """);

    private static NpgsqlBatchCommand? Messages(List<MessageRow> rows)
    {
        if (rows.Count == 0)
        {
            return null;
        }

        var span = Reduce.Span(rows, r => (r.Instance, r.KeyId), r => r.At);
        return new Unnest<MessageRow>(Reduce.Best(rows, r => (r.Instance, r.KeyId), (a, b) => Reduce.Newer(a.Version, b.Version)))
            .Text("instance", r => r.Instance).Text("key_id", r => r.KeyId).Text("remote_jid", r => r.RemoteJid).Bool("from_me", r => r.FromMe)
            .Text("participant", r => r.Participant).Text("push_name", r => r.PushName).Text("message_type", r => r.MessageType)
            .Json("content", r => r.ContentJson).Json("context_info", r => r.ContextInfoJson).Long("message_timestamp", r => r.MessageTimestamp)
            .Text("instance_id", r => r.InstanceId).Text("source", r => r.Source).Text("causation_command_id", r => r.CausationCommandId)
            .Time("created_at", r => span[(r.Instance, r.KeyId)].First).Time("updated_at", r => r.At).Text("version", r => r.Version)
            .Insert("messages", $"""
                ON CONFLICT (instance, key_id) DO UPDATE SET remote_jid = excluded.remote_jid, from_me = excluded.from_me, participant = excluded.participant,
                    push_name = coalesce(excluded.push_name, t.push_name), message_type = excluded.message_type, content = excluded.content,
                    context_info = excluded.context_info, message_timestamp = excluded.message_timestamp, instance_id = coalesce(excluded.instance_id, t.instance_id),
                    source = coalesce(excluded.source, t.source), causation_command_id = coalesce(t.causation_command_id, excluded.causation_command_id),
                    updated_at = excluded.updated_at, version = excluded.version
                WHERE {NewerVersion}
                """);
    }

    // created_at is the first event's time and updated_at the last's, whichever event won each column and whatever
    // order they came in; the merges above leave both alone on existing rows.
    private static NpgsqlBatchCommand? Touch(string table, string keyColumn, IEnumerable<(string Instance, string Key, DateTime At)> events, bool updated)
    {
        var spans = Reduce.Span(events, e => (e.Instance, e.Key), e => e.At);
        if (spans.Count == 0)
        {
            return null;
        }

        var set = updated
            ? "created_at = least(t.created_at, u.first), updated_at = greatest(t.updated_at, u.last)"
            : "created_at = least(t.created_at, u.first)";
        var command = new NpgsqlBatchCommand($"""
            UPDATE {table} t SET {set}
            FROM unnest(@instances::text[], @keys::text[], @firsts::timestamptz[], @lasts::timestamptz[]) AS u(instance, key, first, last)
            WHERE t.instance = u.instance AND t.{keyColumn} = u.key AND (u.first < t.created_at{(updated ? " OR u.last > t.updated_at" : "")})
            """);
        command.Parameters.AddWithValue("instances", spans.Keys.Select(k => k.Instance).ToArray());
        command.Parameters.AddWithValue("keys", spans.Keys.Select(k => k.Key).ToArray());
        command.Parameters.AddWithValue("firsts", spans.Values.Select(v => v.First).ToArray());
        command.Parameters.AddWithValue("lasts", spans.Values.Select(v => v.Last).ToArray());
        return command;
    }

    private static NpgsqlBatchCommand? InstanceTouch(BatchRows rows)
    {
        var spans = Reduce.Span(
            rows.InstanceLifecycles.Select(r => (r.Name, r.At)).Concat(rows.InstanceConfigs.Select(r => (r.Name, r.At))).Concat(rows.InstanceConnections.Select(r => (r.Name, r.At))),
            e => e.Name, e => e.At);
        if (spans.Count == 0)
        {
            return null;
        }

        var command = new NpgsqlBatchCommand("""
            UPDATE instances t SET updated_at = u.last FROM unnest(@names::text[], @lasts::timestamptz[]) AS u(name, last)
            WHERE t.name = u.name AND (t.updated_at IS NULL OR u.last > t.updated_at)
            """);
        command.Parameters.AddWithValue("names", spans.Keys.ToArray());
        command.Parameters.AddWithValue("lasts", spans.Values.Select(v => v.Last).ToArray());
        return command;
    }

    private static NpgsqlBatchCommand? Edits(List<MessageEditRow> rows) => rows.Count == 0 ? null :
        new Unnest<MessageEditRow>(rows)
            .Text("instance", r => r.Instance).Text("key_id", r => r.KeyId).Text("event_id", r => r.EventId).Json("content", r => r.ContentJson).Time("edited_at", r => r.At)
            .Insert("message_edits", "ON CONFLICT DO NOTHING");

    // An edit may arrive before or after the message it edits (they travel on different topics): after both the edits
    // and the messages of the batch are in, each touched message takes its latest edit if that is newer than its row.
    private static NpgsqlBatchCommand? ApplyEdits(List<MessageRow> messages, List<MessageEditRow> edits)
    {
        var keys = messages.Select(m => (m.Instance, m.KeyId)).Concat(edits.Select(e => (e.Instance, e.KeyId))).Distinct().ToList();
        if (edits.Count == 0 && messages.Count == 0)
        {
            return null;
        }

        var command = new NpgsqlBatchCommand("""
            UPDATE messages m SET content = e.content, updated_at = e.edited_at, version = e.version
            FROM (
                SELECT DISTINCT ON (instance, key_id) instance, key_id, content, edited_at,
                       lpad((extract(epoch FROM edited_at) * 1000000)::bigint::text, 20, '0') || ':' || event_id COLLATE "C" AS version
                FROM message_edits
                WHERE (instance, key_id) IN (SELECT * FROM unnest(@instances::text[], @keys::text[]))
                ORDER BY instance, key_id, edited_at DESC, event_id COLLATE "C" DESC
            ) e
            WHERE m.instance = e.instance AND m.key_id = e.key_id AND e.version > m.version
            """);
        command.Parameters.AddWithValue("instances", keys.Select(k => k.Instance).ToArray());
        command.Parameters.AddWithValue("keys", keys.Select(k => k.KeyId).ToArray());
        return command;
    }

    // Higher rank wins; among equal ranks the earliest event, so updated_at says when the status was first reached.
    private static NpgsqlBatchCommand? Statuses(List<StatusRow> rows) => rows.Count == 0 ? null :
        new Unnest<StatusRow>(Reduce.Best(rows, r => (r.Instance, r.KeyId), (a, b) => a.Rank > b.Rank || (a.Rank == b.Rank && string.CompareOrdinal(a.Version, b.Version) < 0)))
            .Text("instance", r => r.Instance).Text("key_id", r => r.KeyId).Text("remote_jid", r => r.RemoteJid).Bool("from_me", r => r.FromMe)
            .Text("participant", r => r.Participant).Text("status", r => r.Status).Short("rank", r => r.Rank).Time("updated_at", r => r.At).Text("version", r => r.Version)
            .Insert("message_status", """
                ON CONFLICT (instance, key_id) DO UPDATE SET status = excluded.status, rank = excluded.rank, updated_at = excluded.updated_at,
                    version = excluded.version, participant = coalesce(t.participant, excluded.participant)
                WHERE excluded.rank > t.rank OR (excluded.rank = t.rank AND excluded.version < t.version)
                """);

    private static NpgsqlBatchCommand? StatusHistory(List<StatusRow> rows) => rows.Count == 0 ? null :
        new Unnest<StatusRow>(rows)
            .Text("instance", r => r.Instance).Text("key_id", r => r.KeyId).Text("event_id", r => r.EventId).Text("status", r => r.Status)
            .Text("remote_jid", r => r.RemoteJid).Bool("from_me", r => r.FromMe).Text("participant", r => r.Participant).Time("at", r => r.At)
            .Insert("message_status_history", "ON CONFLICT DO NOTHING");

    private static NpgsqlBatchCommand? Groups(List<GroupRow> rows) => rows.Count == 0 ? null :
        new Unnest<GroupRow>(Reduce.Best(rows, r => (r.Instance, r.Id), (a, b) => Reduce.Newer(a.Version, b.Version)))
            .Text("instance", r => r.Instance).Text("id", r => r.Id).Text("subject", r => r.Subject).Text("subject_owner", r => r.SubjectOwner)
            .Long("subject_time", r => r.SubjectTime).Int("size", r => r.Size).Long("creation", r => r.Creation).Text("owner", r => r.Owner)
            .Text("desc", r => r.Desc).Text("desc_id", r => r.DescId).Bool("restrict", r => r.Restrict).Bool("announce", r => r.Announce)
            .Time("updated_at", r => r.At).Text("version", r => r.Version)
            .Insert("groups", $"""
                ON CONFLICT (instance, id) DO UPDATE SET subject = excluded.subject, subject_owner = excluded.subject_owner, subject_time = excluded.subject_time,
                    size = excluded.size, creation = excluded.creation, owner = excluded.owner, "desc" = excluded."desc", desc_id = excluded.desc_id,
                    restrict = excluded.restrict, announce = excluded.announce, updated_at = excluded.updated_at, version = excluded.version
                WHERE {NewerVersion}
                """);

    private static NpgsqlBatchCommand? Participants(List<ParticipantRow> rows) => rows.Count == 0 ? null :
        new Unnest<ParticipantRow>(Reduce.Best(rows, r => (r.Instance, r.GroupId, r.Participant), (a, b) => Reduce.Newer(a.Version, b.Version)))
            .Text("instance", r => r.Instance).Text("group_id", r => r.GroupId).Text("participant", r => r.Participant).Text("admin", r => r.Admin)
            .Bool("removed", r => r.Removed).Text("version", r => r.Version)
            .Insert("group_participants", $"""
                ON CONFLICT (instance, group_id, participant) DO UPDATE SET
                    admin = CASE WHEN excluded.removed THEN t.admin ELSE excluded.admin END, removed = excluded.removed, version = excluded.version
                WHERE {NewerVersion}
                """);

    private static NpgsqlBatchCommand? Labels(List<LabelRow> rows) => rows.Count == 0 ? null :
        new Unnest<LabelRow>(Reduce.Best(rows, r => (r.Instance, r.Id), (a, b) => Reduce.Newer(a.Version, b.Version)))
            .Text("instance", r => r.Instance).Text("id", r => r.Id).Text("name", r => r.Name).Int("color", r => r.Color).Bool("deleted", r => r.Deleted)
            .Text("predefined_id", r => r.PredefinedId).Text("version", r => r.Version)
            .Insert("labels", $"""
                ON CONFLICT (instance, id) DO UPDATE SET name = excluded.name, color = excluded.color, deleted = excluded.deleted,
                    predefined_id = excluded.predefined_id, version = excluded.version
                WHERE {NewerVersion}
                """);

    private static NpgsqlBatchCommand? LabelAssociations(List<LabelAssociationRow> rows) => rows.Count == 0 ? null :
        new Unnest<LabelAssociationRow>(Reduce.Best(rows, r => (r.Instance, r.LabelId, r.ChatId, r.MessageId), (a, b) => Reduce.Newer(a.Version, b.Version)))
            .Text("instance", r => r.Instance).Text("label_id", r => r.LabelId).Text("chat_id", r => r.ChatId).Text("message_id", r => r.MessageId)
            .Bool("active", r => r.Active).Text("version", r => r.Version)
            .Insert("label_associations", $"""
                ON CONFLICT (instance, label_id, chat_id, message_id) DO UPDATE SET active = excluded.active, version = excluded.version
                WHERE {NewerVersion}
                """);

    // The state columns follow the winning outcome (a terminal one outranks "accepted"; among equals the later event);
    // what only "accepted" knows (idempotency key, not_before, delay reason) is kept whichever arrived first.
    private static NpgsqlBatchCommand? CommandOutcomes(List<CommandOutcomeRow> rows)
    {
        if (rows.Count == 0)
        {
            return null;
        }

        var accepted = Reduce.Best(rows.Where(r => r.StateRank == Model.CommandOutcomes.AcceptedRank), r => r.CommandId, (a, b) => Reduce.Newer(a.Version, b.Version))
            .ToDictionary(r => r.CommandId);
        var winners = Reduce.Best(rows, r => r.CommandId, (a, b) => a.StateRank > b.StateRank || (a.StateRank == b.StateRank && Reduce.Newer(a.Version, b.Version)))
            .Select(r => accepted.TryGetValue(r.CommandId, out var a)
                ? r with { IdempotencyKey = r.IdempotencyKey ?? a.IdempotencyKey, NotBefore = r.NotBefore ?? a.NotBefore, DelayReason = r.DelayReason ?? a.DelayReason }
                : r)
            .ToList();
        const string Wins = "(excluded.state_rank > t.state_rank OR (excluded.state_rank = t.state_rank AND excluded.version > t.version))";
        string Pick(string column) => $"{column} = CASE WHEN {Wins} THEN excluded.{column} ELSE t.{column} END";
        string[] stateColumns = ["instance", "command", "state", "reason", "field", "http_status", "duplicate_of", "stage", "message_id", "remote_jid", "detail", "event_id", "updated_at"];
        return new Unnest<CommandOutcomeRow>(winners)
            .Text("command_id", r => r.CommandId).Text("instance", r => r.Instance).Text("command", r => r.Command).Text("state", r => r.State)
            .Short("state_rank", r => r.StateRank).Text("idempotency_key", r => r.IdempotencyKey).Time("not_before", r => r.NotBefore)
            .Text("delay_reason", r => r.DelayReason).Text("reason", r => r.Reason).Text("field", r => r.Field).Int("http_status", r => r.HttpStatus)
            .Text("duplicate_of", r => r.DuplicateOf).Text("stage", r => r.Stage).Text("message_id", r => r.MessageId).Text("remote_jid", r => r.RemoteJid)
            .Text("detail", r => r.Detail).Text("event_id", r => r.EventId).Time("updated_at", r => r.At).Text("version", r => r.Version)
            .Insert("command_outcomes", $"""
                ON CONFLICT (command_id) DO UPDATE SET
                    {string.Join(", ", stateColumns.Select(Pick))},
                    idempotency_key = coalesce(CASE WHEN excluded.state_rank = 1 THEN excluded.idempotency_key END, t.idempotency_key, excluded.idempotency_key),
                    not_before = coalesce(CASE WHEN excluded.state_rank = 1 THEN excluded.not_before END, t.not_before, excluded.not_before),
                    delay_reason = coalesce(CASE WHEN excluded.state_rank = 1 THEN excluded.delay_reason END, t.delay_reason, excluded.delay_reason),
                    state_rank = greatest(t.state_rank, excluded.state_rank),
                    version = CASE WHEN {Wins} THEN excluded.version ELSE t.version END
                """);
    }

    private static NpgsqlBatchCommand? Parked(List<ParkedRow> rows)
    {
        if (rows.Count == 0)
        {
            return null;
        }

        var command = new NpgsqlBatchCommand("""
            INSERT INTO parked_records (topic, partition, "offset", key, headers, value, error)
            SELECT topic, partition, o, k, h::jsonb, v, e FROM unnest(@topics::text[], @partitions::int[], @offsets::bigint[], @headers::text[], @errors::text[])
                WITH ORDINALITY AS u(topic, partition, o, h, e, i)
            JOIN LATERAL (SELECT (@keys::bytea[])[u.i] AS k, (@values::bytea[])[u.i] AS v) b ON true
            ON CONFLICT DO NOTHING
            """);
        command.Parameters.AddWithValue("topics", rows.Select(r => r.Topic).ToArray());
        command.Parameters.AddWithValue("partitions", rows.Select(r => r.Partition).ToArray());
        command.Parameters.AddWithValue("offsets", rows.Select(r => r.Offset).ToArray());
        command.Parameters.AddWithValue("headers", rows.Select(r => r.HeadersJson).ToArray());
        command.Parameters.AddWithValue("errors", rows.Select(r => r.Error).ToArray());
        command.Parameters.Add(new NpgsqlParameter("keys", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bytea) { Value = rows.Select(r => r.Key).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("values", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bytea) { Value = rows.Select(r => r.Value).ToArray() });
        return command;
    }
}

using System.Text.Json.Nodes;
using Npgsql;

namespace Evostream.Api.Reading;

public sealed record SettingsRow(
    bool RejectCall, string MsgCall, bool GroupsIgnore, bool AlwaysOnline, bool ReadMessages, bool ReadStatus, bool SyncFullHistory,
    string WavoipToken, bool HoldUntilConnected, DateTimeOffset UpdatedAt);

public sealed record WebhookRow(bool Enabled, string Url, IReadOnlyList<string> HeaderNames, bool ByEvents, bool Base64, IReadOnlyList<string> Events, DateTimeOffset UpdatedAt);

public sealed record KafkaRow(bool Enabled, IReadOnlyList<string> Events, DateTimeOffset UpdatedAt);

public sealed record WebsocketRow(bool Enabled, IReadOnlyList<string> Events, DateTimeOffset UpdatedAt);

/// <summary>Reads an instance's settings, webhook, kafka and websocket configuration.</summary>
public sealed class ConfigQueries(ReadModelDb db)
{
    public async Task<SettingsRow?> SettingsAsync(string instance, CancellationToken ct)
    {
        await using var command = db.Command(
            """
            SELECT reject_call, msg_call, groups_ignore, always_online, read_messages, read_status, sync_full_history, wavoip_token,
                   hold_until_connected, updated_at FROM instance_settings WHERE instance = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = instance });
        await using var r = await command.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct)
            ? new SettingsRow(r.GetBoolean(0), r.GetString(1), r.GetBoolean(2), r.GetBoolean(3), r.GetBoolean(4), r.GetBoolean(5), r.GetBoolean(6),
                r.GetString(7), r.GetBoolean(8), r.GetFieldValue<DateTimeOffset>(9))
            : null;
    }

    /// <summary>Header values are sealed secrets: only their names are read.</summary>
    public async Task<WebhookRow?> WebhookAsync(string instance, CancellationToken ct)
    {
        await using var command = db.Command(
            "SELECT enabled, url, headers::text, by_events, base64, events, updated_at FROM instance_webhooks WHERE instance = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = instance });
        await using var r = await command.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct))
        {
            return null;
        }

        var headers = JsonNode.Parse(r.GetString(2)) as JsonObject;
        return new WebhookRow(r.GetBoolean(0), r.GetString(1), [.. headers?.Select(h => h.Key) ?? []], r.GetBoolean(3), r.GetBoolean(4),
            r.GetFieldValue<string[]>(5), r.GetFieldValue<DateTimeOffset>(6));
    }

    public async Task<KafkaRow?> KafkaAsync(string instance, CancellationToken ct)
    {
        await using var command = db.Command("SELECT enabled, events, updated_at FROM instance_kafka WHERE instance = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = instance });
        await using var r = await command.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? new KafkaRow(r.GetBoolean(0), r.GetFieldValue<string[]>(1), r.GetFieldValue<DateTimeOffset>(2)) : null;
    }

    public async Task<WebsocketRow?> WebsocketAsync(string instance, CancellationToken ct)
    {
        await using var command = db.Command("SELECT enabled, events, updated_at FROM instance_websocket WHERE instance = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = instance });
        await using var r = await command.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? new WebsocketRow(r.GetBoolean(0), r.GetFieldValue<string[]>(1), r.GetFieldValue<DateTimeOffset>(2)) : null;
    }
}

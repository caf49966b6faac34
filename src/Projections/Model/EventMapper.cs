using Evostream.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.Collections;

namespace Evostream.Projections.Model;

/// <summary>Turns one event into the rows it writes. Events without a read model (presence, calls, typebot...) write none.</summary>
public static class EventMapper
{
    // The same proto3 JSON Evolution's bodies carry, so `content` reads like Evolution's `message` column.
    private static readonly JsonFormatter s_json = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));

    public static void Map(EventEnvelope e, BatchRows rows)
    {
        var at = (e.OccurredAt ?? new Google.Protobuf.WellKnownTypes.Timestamp()).ToDateTime();
        var version = EventVersion.Of(e.OccurredAt, e.EventId);
        var instance = e.Instance;
        switch (e.DataCase)
        {
            case EventEnvelope.DataOneofCase.InstanceCreate:
                rows.InstanceLifecycles.Add(new(instance, NullIfEmpty(e.InstanceCreate.InstanceId), NullIfEmpty(e.InstanceCreate.Integration), at, null, at, version));
                break;
            case EventEnvelope.DataOneofCase.InstanceDelete:
                rows.InstanceLifecycles.Add(new(instance, NullIfEmpty(e.InstanceDelete.InstanceId), null, null, at, at, version));
                break;
            case EventEnvelope.DataOneofCase.RemoveInstance:
                rows.InstanceLifecycles.Add(new(instance, NullIfEmpty(e.RemoveInstance.InstanceId), null, null, at, at, version));
                break;
            case EventEnvelope.DataOneofCase.InstanceConfigured:
                MapConfigured(e.InstanceConfigured, instance, at, version, rows);
                break;
            case EventEnvelope.DataOneofCase.ConnectionUpdate:
                var c = e.ConnectionUpdate;
                var closed = c.State is "close" or "refused";
                rows.InstanceConnections.Add(new(instance, c.State, c.HasWuid ? c.Wuid : null, c.HasProfileName ? c.ProfileName : null,
                    c.HasProfilePictureUrl ? c.ProfilePictureUrl : null, closed ? c.StatusReason : null, closed ? at : null, at, version));
                break;
            case EventEnvelope.DataOneofCase.LogoutInstance:
                rows.InstanceConnections.Add(new(instance, "close", null, null, null, 401, at, at, version));
                break;
            case EventEnvelope.DataOneofCase.QrcodeUpdated:
                var q = e.QrcodeUpdated;
                rows.QrCodes.Add(new(instance, q.Qrcode?.Code ?? "", q.Qrcode?.Base64 ?? "", q.Qrcode is { HasPairingCode: true } ? q.Qrcode.PairingCode : null,
                    q.Qrcode is { HasCount: true } ? (int)q.Qrcode.Count : null, q.HasMessage ? q.Message : null, q.HasStatusCode ? q.StatusCode : null, at, version));
                break;
            case EventEnvelope.DataOneofCase.MessagesUpsert:
                MapMessage(e.MessagesUpsert, e, at, version, rows);
                break;
            case EventEnvelope.DataOneofCase.SendMessage:
                MapMessage(e.SendMessage, e, at, version, rows);
                break;
            case EventEnvelope.DataOneofCase.MessagesSet:
                MapMessages(e.MessagesSet.Messages, e, at, version, rows);
                break;
            case EventEnvelope.DataOneofCase.MessagingHistorySet:
                var h = e.MessagingHistorySet;
                MapMessages(h.Messages, e, at, version, rows);
                MapChats(h.Chats, instance, at, version, rows);
                MapContacts(h.Contacts, instance, at, version, rows);
                break;
            case EventEnvelope.DataOneofCase.MessagesEdited:
                var edited = e.MessagesEdited;
                if (edited.Key is { Id.Length: > 0 })
                {
                    rows.Edits.Add(new(instance, edited.Key.Id, e.EventId, Content(edited.Message), at, version));
                }

                break;
            case EventEnvelope.DataOneofCase.MessagesUpdate:
                MapUpdate(e.MessagesUpdate, e, at, version, rows);
                break;
            case EventEnvelope.DataOneofCase.SendMessageUpdate:
                MapUpdate(e.SendMessageUpdate, e, at, version, rows);
                break;
            case EventEnvelope.DataOneofCase.MessagesDelete:
                var d = e.MessagesDelete;
                if (d.Id.Length > 0)
                {
                    rows.Statuses.Add(new(instance, d.Id, d.RemoteJid, d.FromMe, d.HasParticipant ? d.Participant : null, "DELETED", MessageStatuses.Rank("DELETED"), e.EventId, at, version));
                }

                break;
            case EventEnvelope.DataOneofCase.ContactsSet:
                MapContacts(e.ContactsSet.Items, instance, at, version, rows);
                break;
            case EventEnvelope.DataOneofCase.ContactsUpsert:
                MapContacts(e.ContactsUpsert.Items, instance, at, version, rows);
                break;
            case EventEnvelope.DataOneofCase.ContactsUpdate:
                MapContacts(e.ContactsUpdate.Items, instance, at, version, rows);
                break;
            case EventEnvelope.DataOneofCase.ChatsSet:
                MapChats(e.ChatsSet.Items, instance, at, version, rows);
                break;
            case EventEnvelope.DataOneofCase.ChatsUpsert:
                MapChats(e.ChatsUpsert.Items, instance, at, version, rows);
                break;
            case EventEnvelope.DataOneofCase.ChatsUpdate:
                MapChats(e.ChatsUpdate.Items, instance, at, version, rows);
                break;
            case EventEnvelope.DataOneofCase.ChatsDelete:
                foreach (var jid in e.ChatsDelete.Items.Where(j => j.Length > 0))
                {
                    rows.ChatDeletes.Add(new(instance, jid, at, version));
                }

                break;
            case EventEnvelope.DataOneofCase.GroupsUpsert:
                MapGroups(e.GroupsUpsert.Items, instance, at, version, rows);
                break;
            case EventEnvelope.DataOneofCase.GroupsUpdate:
                MapGroups(e.GroupsUpdate.Items, instance, at, version, rows);
                break;
            case EventEnvelope.DataOneofCase.GroupParticipantsUpdate:
                MapParticipants(e.GroupParticipantsUpdate, instance, version, rows);
                break;
            case EventEnvelope.DataOneofCase.LabelsEdit:
                var l = e.LabelsEdit;
                rows.Labels.Add(new(instance, l.Id, l.Name, l.Color, l.Deleted, l.HasPredefinedId ? l.PredefinedId : null, version));
                break;
            case EventEnvelope.DataOneofCase.LabelsAssociation:
                var a = e.LabelsAssociation;
                rows.LabelAssociations.Add(new(instance, a.LabelId, a.ChatId, a.HasMessageId ? a.MessageId : "", a.Type != "remove", version));
                break;
            case EventEnvelope.DataOneofCase.CommandAccepted:
            case EventEnvelope.DataOneofCase.CommandRejected:
            case EventEnvelope.DataOneofCase.CommandExecuted:
            case EventEnvelope.DataOneofCase.CommandOutcomeUnknown:
                rows.CommandOutcomes.Add(CommandOutcomes.Row(e, at, version));
                break;
            default:
                // application.startup, status.instance, presence.update, call, typebot.*, creds.update: no read model.
                break;
        }
    }

    internal static string Content(WaMessage? message) => message is null ? "{}" : s_json.Format(message);

    private static void MapConfigured(InstanceConfigured c, string instance, DateTime at, string version, BatchRows rows)
    {
        rows.InstanceConfigs.Add(new(instance, c.InstanceId, c.Integration, c.Number, c.BusinessId, c.TokenSha256, at, version, NullIfEmpty(c.Transport)));
        if (c.Settings is { } s)
        {
            rows.Settings.Add(new(instance, s.RejectCall, s.MsgCall, s.GroupsIgnore, s.AlwaysOnline, s.ReadMessages, s.ReadStatus, s.SyncFullHistory, s.WavoipToken, s.HoldUntilConnected, at, version));
        }

        if (c.Webhook is { } w)
        {
            // Header values stay sealed ("enc:v1:..."), exactly as the event carries them.
            var headers = System.Text.Json.JsonSerializer.Serialize(w.Headers.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value));
            rows.Webhooks.Add(new(instance, w.Enabled, w.Url, headers, w.ByEvents, w.Base64, JsonList(w.Events), at, version));
        }

        if (c.Kafka is { } k)
        {
            rows.Kafka.Add(new(instance, k.Enabled, JsonList(k.Events), at, version));
        }

        if (c.Websocket is { } ws)
        {
            rows.Websockets.Add(new(instance, ws.Enabled, JsonList(ws.Events), at, version));
        }
    }

    private static void MapMessages(RepeatedField<MessageRecord> messages, EventEnvelope e, DateTime at, string version, BatchRows rows)
    {
        foreach (var m in messages)
        {
            MapMessage(m, e, at, version, rows);
        }
    }

    private static void MapMessage(MessageRecord m, EventEnvelope e, DateTime at, string version, BatchRows rows)
    {
        if (m.Key is not { Id.Length: > 0 } key)
        {
            return;
        }

        rows.Messages.Add(new(e.Instance, key.Id, key.RemoteJid, key.FromMe, key.HasParticipant ? key.Participant : null, NullIfEmpty(m.PushName),
            m.MessageType, Content(m.Message), m.ContextInfo is null ? null : s_json.Format(m.ContextInfo), m.MessageTimestamp,
            NullIfEmpty(m.InstanceId), NullIfEmpty(m.Source), NullIfEmpty(e.CausationCommandId), at, version));
        rows.ChatMessages.Add(new(e.Instance, key.RemoteJid, key.Id, m.MessageTimestamp, at, version));
        var rank = MessageStatuses.Rank(m.Status);
        if (rank > 0)
        {
            rows.Statuses.Add(new(e.Instance, key.Id, key.RemoteJid, key.FromMe, key.HasParticipant ? key.Participant : null, m.Status, rank, e.EventId, at, version));
        }
    }

    private static void MapUpdate(MessageUpdate u, EventEnvelope e, DateTime at, string version, BatchRows rows)
    {
        var rank = MessageStatuses.Rank(u.Status);
        if (u.KeyId.Length > 0 && rank > 0)
        {
            rows.Statuses.Add(new(e.Instance, u.KeyId, u.RemoteJid, u.FromMe, u.HasParticipant ? u.Participant : null, u.Status, rank, e.EventId, at, version));
        }
    }

    private static void MapChats(RepeatedField<Chat> chats, string instance, DateTime at, string version, BatchRows rows)
    {
        foreach (var chat in chats.Where(c => c.RemoteJid.Length > 0))
        {
            rows.Chats.Add(new(instance, chat.RemoteJid, NullIfEmpty(chat.InstanceId), chat.HasName ? chat.Name : null,
                chat.HasUnreadMessages ? (int)chat.UnreadMessages : null, at, version));
        }
    }

    private static void MapContacts(RepeatedField<Contact> contacts, string instance, DateTime at, string version, BatchRows rows)
    {
        foreach (var contact in contacts.Where(c => c.RemoteJid.Length > 0))
        {
            rows.Contacts.Add(new(instance, contact.RemoteJid, NullIfEmpty(contact.InstanceId), contact.HasPushName ? contact.PushName : null,
                contact.HasProfilePicUrl ? contact.ProfilePicUrl : null, at, version));
        }
    }

    private static void MapGroups(RepeatedField<GroupMetadata> groups, string instance, DateTime at, string version, BatchRows rows)
    {
        foreach (var g in groups.Where(g => g.Id.Length > 0))
        {
            rows.Groups.Add(new(instance, g.Id, g.Subject, g.HasSubjectOwner ? g.SubjectOwner : null, g.HasSubjectTime ? g.SubjectTime : null, (int)g.Size,
                g.Creation, g.HasOwner ? g.Owner : null, g.HasDesc ? g.Desc : null, g.HasDescId ? g.DescId : null, g.Restrict, g.Announce, at, version));
            foreach (var p in g.Participants.Where(p => p.Id.Length > 0))
            {
                rows.Participants.Add(new(instance, g.Id, p.Id, NullIfEmpty(p.Admin), Removed: false, KeepAdmin: false, version));
            }
        }
    }

    private static void MapParticipants(GroupParticipantsUpdate u, string instance, string version, BatchRows rows)
    {
        foreach (var participant in u.Participants.Where(p => p.Length > 0))
        {
            ParticipantRow? row = u.Action switch
            {
                "add" => new(instance, u.Id, participant, null, Removed: false, KeepAdmin: false, version),
                "remove" => new(instance, u.Id, participant, null, Removed: true, KeepAdmin: true, version),
                "promote" => new(instance, u.Id, participant, "admin", Removed: false, KeepAdmin: false, version),
                "demote" => new(instance, u.Id, participant, null, Removed: false, KeepAdmin: false, version),
                _ => null,
            };
            if (row is not null)
            {
                rows.Participants.Add(row);
            }
        }
    }

    private static string JsonList(RepeatedField<string> items) => System.Text.Json.JsonSerializer.Serialize(items.ToArray());

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}

namespace Evostream.Projections.Model;

// One record per table write. `At` is the event time; `Version` orders events (EventVersion).

public sealed record InstanceLifecycleRow(string Name, string? Id, string? Integration, DateTime? CreatedAt, DateTime? DeletedAt, DateTime At, string Version);

public sealed record InstanceConfigRow(string Name, string Id, string Integration, string Number, string BusinessId, string TokenSha256, DateTime At, string Version, string? Transport = null);

public sealed record InstanceConnectionRow(string Name, string Status, string? OwnerJid, string? ProfileName, string? ProfilePicUrl, int? ReasonCode, DateTime? DisconnectedAt, DateTime At, string Version);

public sealed record QrCodeRow(string Instance, string Code, string Base64, string? PairingCode, int? Count, string? Message, int? StatusCode, DateTime At, string Version);

public sealed record SettingsRow(string Instance, bool RejectCall, string MsgCall, bool GroupsIgnore, bool AlwaysOnline, bool ReadMessages, bool ReadStatus, bool SyncFullHistory, string WavoipToken, bool HoldUntilConnected, DateTime At, string Version);

public sealed record WebhookRow(string Instance, bool Enabled, string Url, string HeadersJson, bool ByEvents, bool Base64, string EventsJson, DateTime At, string Version);

public sealed record KafkaRow(string Instance, bool Enabled, string EventsJson, DateTime At, string Version);

public sealed record WebsocketRow(string Instance, bool Enabled, string EventsJson, DateTime At, string Version);

public sealed record MessageRow(
    string Instance, string KeyId, string RemoteJid, bool FromMe, string? Participant, string? PushName, string MessageType,
    string ContentJson, string? ContextInfoJson, long MessageTimestamp, string? InstanceId, string? Source, string? CausationCommandId,
    DateTime At, string Version);

public sealed record MessageEditRow(string Instance, string KeyId, string EventId, string ContentJson, DateTime At, string Version);

public sealed record StatusRow(string Instance, string KeyId, string RemoteJid, bool FromMe, string? Participant, string Status, short Rank, string EventId, DateTime At, string Version);

public sealed record ChatRow(string Instance, string RemoteJid, string? InstanceId, string? Name, int? Unread, DateTime At, string Version);

public sealed record ChatMessageRow(string Instance, string RemoteJid, string KeyId, long MessageTimestamp, DateTime At, string Version);

public sealed record ChatDeleteRow(string Instance, string RemoteJid, DateTime At, string Version);

public sealed record ContactRow(string Instance, string RemoteJid, string? InstanceId, string? PushName, string? ProfilePicUrl, DateTime At, string Version);

public sealed record GroupRow(
    string Instance, string Id, string Subject, string? SubjectOwner, long? SubjectTime, int Size, long Creation, string? Owner,
    string? Desc, string? DescId, bool Restrict, bool Announce, DateTime At, string Version);

public sealed record ParticipantRow(string Instance, string GroupId, string Participant, string? Admin, bool Removed, bool KeepAdmin, string Version);

public sealed record LabelRow(string Instance, string Id, string Name, int Color, bool Deleted, string? PredefinedId, string Version);

public sealed record LabelAssociationRow(string Instance, string LabelId, string ChatId, string MessageId, bool Active, string Version);

public sealed record CommandOutcomeRow(
    string CommandId, string Instance, string Command, string State, short StateRank, string? IdempotencyKey, DateTime? NotBefore,
    string? DelayReason, string? Reason, string? Field, int? HttpStatus, string? DuplicateOf, string? Stage, string? MessageId,
    string? RemoteJid, string? Detail, string EventId, DateTime At, string Version);

/// <summary>A record that could not be read, kept with its coordinates and the reason.</summary>
public sealed record ParkedRow(string Topic, int Partition, long Offset, byte[]? Key, string HeadersJson, byte[]? Value, string Error);

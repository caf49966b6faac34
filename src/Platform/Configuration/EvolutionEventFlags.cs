namespace Evostream.Platform.Configuration;

/// <summary>
/// Evolution's <c>KAFKA_EVENTS_*</c> switches. Evostream accepts and validates them, but writes every event
/// regardless: the log is complete and consumers choose by topic (see README, "Differences from Evolution").
/// </summary>
public static class EvolutionEventFlags
{
    public static readonly IReadOnlyList<string> Names =
    [
        "APPLICATION_STARTUP", "INSTANCE_CREATE", "INSTANCE_DELETE", "QRCODE_UPDATED",
        "MESSAGES_SET", "MESSAGES_UPSERT", "MESSAGES_EDITED", "MESSAGES_UPDATE", "MESSAGES_DELETE",
        "SEND_MESSAGE", "SEND_MESSAGE_UPDATE",
        "CONTACTS_SET", "CONTACTS_UPSERT", "CONTACTS_UPDATE", "PRESENCE_UPDATE",
        "CHATS_SET", "CHATS_UPSERT", "CHATS_UPDATE", "CHATS_DELETE",
        "CONNECTION_UPDATE", "LABELS_EDIT", "LABELS_ASSOCIATION",
        "GROUPS_UPSERT", "GROUPS_UPDATE", "GROUP_PARTICIPANTS_UPDATE",
        "CALL", "TYPEBOT_START", "TYPEBOT_CHANGE_STATUS", "MESSAGING_HISTORY_SET",
    ];
}

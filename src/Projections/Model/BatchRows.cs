namespace Evostream.Projections.Model;

/// <summary>Every row one batch of events writes, grouped by table so each table gets one set-based statement.</summary>
public sealed class BatchRows
{
    public List<InstanceLifecycleRow> InstanceLifecycles { get; } = [];
    public List<InstanceConfigRow> InstanceConfigs { get; } = [];
    public List<InstanceConnectionRow> InstanceConnections { get; } = [];
    public List<QrCodeRow> QrCodes { get; } = [];
    public List<SettingsRow> Settings { get; } = [];
    public List<WebhookRow> Webhooks { get; } = [];
    public List<KafkaRow> Kafka { get; } = [];
    public List<WebsocketRow> Websockets { get; } = [];
    public List<MessageRow> Messages { get; } = [];
    public List<MessageEditRow> Edits { get; } = [];
    public List<StatusRow> Statuses { get; } = [];
    public List<ChatRow> Chats { get; } = [];
    public List<ChatMessageRow> ChatMessages { get; } = [];
    public List<ChatDeleteRow> ChatDeletes { get; } = [];
    public List<ContactRow> Contacts { get; } = [];
    public List<GroupRow> Groups { get; } = [];
    public List<ParticipantRow> Participants { get; } = [];
    public List<LabelRow> Labels { get; } = [];
    public List<LabelAssociationRow> LabelAssociations { get; } = [];
    public List<CommandOutcomeRow> CommandOutcomes { get; } = [];
    public List<ParkedRow> Parked { get; } = [];

    /// <summary>Events read in this batch, parked ones included.</summary>
    public int Events { get; set; }
}

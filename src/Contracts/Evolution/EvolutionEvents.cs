using System.Collections.Frozen;
using Evostream.Contracts.V1;

namespace Evostream.Contracts.Evolution;

/// <summary>
/// Evolution's dotted event names and the <see cref="EventEnvelope"/> data kind of each: the one list of event
/// names in Evostream. Topic catalogs, writers and readers all derive from it.
/// </summary>
public static class EvolutionEvents
{
    public const string CommandRejected = "command.rejected";
    public const string CommandAccepted = "command.accepted";
    public const string CommandExecuted = "command.executed";
    public const string CommandOutcomeUnknown = "command.outcome-unknown";
    public const string InstanceConfigured = "instance.configured";

    private static readonly (string Name, EventEnvelope.DataOneofCase Case)[] s_table =
    [
        ("application.startup", EventEnvelope.DataOneofCase.ApplicationStartup),
        ("instance.create", EventEnvelope.DataOneofCase.InstanceCreate),
        ("instance.delete", EventEnvelope.DataOneofCase.InstanceDelete),
        ("qrcode.updated", EventEnvelope.DataOneofCase.QrcodeUpdated),
        ("connection.update", EventEnvelope.DataOneofCase.ConnectionUpdate),
        ("status.instance", EventEnvelope.DataOneofCase.StatusInstance),
        ("messages.set", EventEnvelope.DataOneofCase.MessagesSet),
        ("messages.upsert", EventEnvelope.DataOneofCase.MessagesUpsert),
        ("messages.edited", EventEnvelope.DataOneofCase.MessagesEdited),
        ("messages.update", EventEnvelope.DataOneofCase.MessagesUpdate),
        ("messages.delete", EventEnvelope.DataOneofCase.MessagesDelete),
        ("send.message", EventEnvelope.DataOneofCase.SendMessage),
        ("send.message.update", EventEnvelope.DataOneofCase.SendMessageUpdate),
        ("contacts.set", EventEnvelope.DataOneofCase.ContactsSet),
        ("contacts.upsert", EventEnvelope.DataOneofCase.ContactsUpsert),
        ("contacts.update", EventEnvelope.DataOneofCase.ContactsUpdate),
        ("presence.update", EventEnvelope.DataOneofCase.PresenceUpdate),
        ("chats.set", EventEnvelope.DataOneofCase.ChatsSet),
        ("chats.update", EventEnvelope.DataOneofCase.ChatsUpdate),
        ("chats.upsert", EventEnvelope.DataOneofCase.ChatsUpsert),
        ("chats.delete", EventEnvelope.DataOneofCase.ChatsDelete),
        ("groups.upsert", EventEnvelope.DataOneofCase.GroupsUpsert),
        ("groups.update", EventEnvelope.DataOneofCase.GroupsUpdate),
        ("group-participants.update", EventEnvelope.DataOneofCase.GroupParticipantsUpdate),
        ("call", EventEnvelope.DataOneofCase.Call),
        ("typebot.start", EventEnvelope.DataOneofCase.TypebotStart),
        ("typebot.change-status", EventEnvelope.DataOneofCase.TypebotChangeStatus),
        ("labels.edit", EventEnvelope.DataOneofCase.LabelsEdit),
        ("labels.association", EventEnvelope.DataOneofCase.LabelsAssociation),
        ("creds.update", EventEnvelope.DataOneofCase.CredsUpdate),
        ("messaging-history.set", EventEnvelope.DataOneofCase.MessagingHistorySet),
        ("remove.instance", EventEnvelope.DataOneofCase.RemoveInstance),
        ("logout.instance", EventEnvelope.DataOneofCase.LogoutInstance),
        (CommandRejected, EventEnvelope.DataOneofCase.CommandRejected),
        (CommandAccepted, EventEnvelope.DataOneofCase.CommandAccepted),
        (CommandExecuted, EventEnvelope.DataOneofCase.CommandExecuted),
        (CommandOutcomeUnknown, EventEnvelope.DataOneofCase.CommandOutcomeUnknown),
        (InstanceConfigured, EventEnvelope.DataOneofCase.InstanceConfigured),
    ];

    private static readonly FrozenDictionary<string, EventEnvelope.DataOneofCase> s_byName = s_table.ToFrozenDictionary(e => e.Name, e => e.Case, StringComparer.Ordinal);
    private static readonly FrozenDictionary<EventEnvelope.DataOneofCase, string> s_byCase = s_table.ToFrozenDictionary(e => e.Case, e => e.Name);

    /// <summary>Every event of the contract, in Evolution's enum order, then Evostream's own.</summary>
    public static IReadOnlyList<string> All { get; } = [.. s_table.Select(e => e.Name)];

    /// <summary>
    /// The events that have topics: all but <c>creds.update</c>, which Evolution keeps internal and which would
    /// announce session credentials (they live encrypted in the sessions topic). Evolution creates its hyphenated
    /// global topics from flag names (<c>group.participants.update</c>) yet produces to the wire name; Evostream
    /// creates the names it writes.
    /// </summary>
    public static IReadOnlyList<string> Published { get; } = [.. All.Where(n => n != "creds.update")];

    /// <summary>The longest published name, which bounds how long an instance name may be.</summary>
    public static string Longest { get; } = Published.MaxBy(n => n.Length)!;

    public static string NameOf(EventEnvelope.DataOneofCase kind) =>
        s_byCase.TryGetValue(kind, out var name) ? name : throw new ArgumentException($"Event data kind {kind} has no Evolution name.", nameof(kind));

    /// <summary>The name of the envelope's data kind, refusing an envelope whose <c>event</c> names another.</summary>
    public static string NameOf(EventEnvelope envelope)
    {
        var name = NameOf(envelope.DataCase);
        return envelope.Event.Length == 0 || envelope.Event == name
            ? name
            : throw new ArgumentException($"Event name '{envelope.Event}' does not match its data ({name}).", nameof(envelope));
    }

    public static bool TryGetKind(string name, out EventEnvelope.DataOneofCase kind) => s_byName.TryGetValue(name, out kind);

    /// <summary>Evolution's configuration key of an event: <c>group-participants.update</c> → <c>GROUP_PARTICIPANTS_UPDATE</c>.</summary>
    public static string ConfigKeyOf(string name) => name.Replace('.', '_').Replace('-', '_').ToUpperInvariant();
}

namespace Evostream.Platform.Kafka;

/// <summary>
/// Every event Evostream writes to Kafka, by its dotted wire name: Evolution API's <c>Events</c> table
/// (src/api/types/wa.types.ts) plus Evostream's own <c>command.rejected</c>. Wire names are used verbatim in topic
/// names (<c>&lt;prefix&gt;.&lt;instance&gt;.&lt;event&gt;</c>, <c>&lt;prefix&gt;.global.&lt;event&gt;</c>), in the
/// <c>event</c> header and in the JSON body, so the hyphens in <c>group-participants.update</c>,
/// <c>typebot.change-status</c> and <c>messaging-history.set</c> stay. Evolution creates its global topics from
/// the env flag names instead (<c>GROUP_PARTICIPANTS_UPDATE</c> → <c>group.participants.update</c>), a topic it
/// never produces to; Evostream creates the names it actually writes.
/// </summary>
public static class EvolutionEvents
{
    /// <summary>
    /// Left out: <c>creds.update</c> (Evolution keeps it internal; it would carry session secrets, which live
    /// encrypted in the sessions topic) and <c>error</c> (the errors webhook only, never Kafka).
    /// </summary>
    public static readonly IReadOnlyList<string> Names =
    [
        "application.startup", "instance.create", "instance.delete", "qrcode.updated", "connection.update", "status.instance",
        "messages.set", "messages.upsert", "messages.edited", "messages.update", "messages.delete",
        "send.message", "send.message.update",
        "contacts.set", "contacts.upsert", "contacts.update", "presence.update",
        "chats.set", "chats.update", "chats.upsert", "chats.delete",
        "groups.upsert", "groups.update", "group-participants.update",
        "call", "typebot.start", "typebot.change-status", "labels.edit", "labels.association",
        "messaging-history.set", "remove.instance", "logout.instance",
        "command.rejected",
    ];

    /// <summary>The longest name, which bounds how long an instance name may be.</summary>
    public static readonly string Longest = Names.MaxBy(n => n.Length)!;
}

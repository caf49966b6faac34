using System.Collections.Frozen;
using Evostream.Contracts.V1;

namespace Evostream.Contracts.Commands;

/// <summary>
/// The <c>command</c> name of each JSON command: the one list of command names in Evostream.
/// </summary>
/// <remarks>
/// A name is the action of the Evolution route that does the same thing. Where that action does not say what it acts on
/// (the instance routes' <c>create</c>, <c>connect</c>, <c>restart</c>, <c>logout</c>, <c>delete</c>; the group
/// route's <c>create</c>; the <c>set</c> of settings, webhook and kafka), the route's group is appended, so every name
/// is unique and reads on its own.
/// <code>
/// name                       Evolution route                                 CommandEnvelope case
/// createInstance             POST   /instance/create                         CreateInstance
/// connectInstance            GET    /instance/connect/:instance              ConnectInstance
/// restartInstance            POST   /instance/restart/:instance              RestartInstance
/// logoutInstance             DELETE /instance/logout/:instance               LogoutInstance
/// deleteInstance             DELETE /instance/delete/:instance               DeleteInstance
/// setPresence                POST   /instance/setPresence/:instance          SetPresence
/// sendText                   POST   /message/sendText/:instance              SendText
/// sendMedia                  POST   /message/sendMedia/:instance             SendMedia
/// sendWhatsAppAudio          POST   /message/sendWhatsAppAudio/:instance     SendWhatsappAudio
/// sendSticker                POST   /message/sendSticker/:instance           SendSticker
/// sendLocation               POST   /message/sendLocation/:instance          SendLocation
/// sendContact                POST   /message/sendContact/:instance           SendContact
/// sendReaction               POST   /message/sendReaction/:instance          SendReaction
/// sendPoll                   POST   /message/sendPoll/:instance              SendPoll
/// sendList                   POST   /message/sendList/:instance              SendList
/// sendButtons                POST   /message/sendButtons/:instance           SendButtons
/// sendTemplate               POST   /message/sendTemplate/:instance          SendTemplate
/// markMessageAsRead          POST   /chat/markMessageAsRead/:instance        MarkMessagesRead
/// archiveChat                POST   /chat/archiveChat/:instance              ArchiveChat
/// deleteMessageForEveryone   DELETE /chat/deleteMessageForEveryone/:instance DeleteMessageForEveryone
/// updateMessage              POST   /chat/updateMessage/:instance            EditMessage
/// sendPresence               POST   /chat/sendPresence/:instance             SendPresence
/// whatsappNumbers            POST   /chat/whatsappNumbers/:instance          CheckNumbers
/// createGroup                POST   /group/create/:instance                  CreateGroup
/// updateGroupSubject         POST   /group/updateGroupSubject/:instance      UpdateGroupSubject
/// updateGroupDescription     POST   /group/updateGroupDescription/:instance  UpdateGroupDescription
/// updateGroupPicture         POST   /group/updateGroupPicture/:instance      UpdateGroupPicture
/// updateParticipant          POST   /group/updateParticipant/:instance       UpdateGroupParticipants
/// inviteCode                 GET    /group/inviteCode/:instance              FetchGroupInviteCode
/// leaveGroup                 DELETE /group/leaveGroup/:instance              LeaveGroup
/// setWebhook                 POST   /webhook/set/:instance                   SetWebhook
/// setKafka                   POST   /kafka/set/:instance                     SetKafka
/// setSettings                POST   /settings/set/:instance                  SetSettings
/// createTemplate             POST   /template/create/:instance               CreateTemplate
/// findTemplates              GET    /template/find/:instance                 FindTemplates
/// metaWebhookItem            POST   /webhook/meta (one message or status)    MetaWebhookItem
/// setWebsocket               POST   /websocket/set/:instance                 SetWebsocket
/// </code>
/// schemas/README.md carries the same table; a test keeps the two lists equal.
/// </remarks>
public static class CommandNames
{
    private static readonly (string Name, CommandEnvelope.CommandOneofCase Case)[] s_table =
    [
        ("createInstance", CommandEnvelope.CommandOneofCase.CreateInstance),
        ("connectInstance", CommandEnvelope.CommandOneofCase.ConnectInstance),
        ("restartInstance", CommandEnvelope.CommandOneofCase.RestartInstance),
        ("logoutInstance", CommandEnvelope.CommandOneofCase.LogoutInstance),
        ("deleteInstance", CommandEnvelope.CommandOneofCase.DeleteInstance),
        ("setPresence", CommandEnvelope.CommandOneofCase.SetPresence),
        ("sendText", CommandEnvelope.CommandOneofCase.SendText),
        ("sendMedia", CommandEnvelope.CommandOneofCase.SendMedia),
        ("sendWhatsAppAudio", CommandEnvelope.CommandOneofCase.SendWhatsappAudio),
        ("sendSticker", CommandEnvelope.CommandOneofCase.SendSticker),
        ("sendLocation", CommandEnvelope.CommandOneofCase.SendLocation),
        ("sendContact", CommandEnvelope.CommandOneofCase.SendContact),
        ("sendReaction", CommandEnvelope.CommandOneofCase.SendReaction),
        ("sendPoll", CommandEnvelope.CommandOneofCase.SendPoll),
        ("sendList", CommandEnvelope.CommandOneofCase.SendList),
        ("sendButtons", CommandEnvelope.CommandOneofCase.SendButtons),
        ("sendTemplate", CommandEnvelope.CommandOneofCase.SendTemplate),
        ("markMessageAsRead", CommandEnvelope.CommandOneofCase.MarkMessagesRead),
        ("archiveChat", CommandEnvelope.CommandOneofCase.ArchiveChat),
        ("deleteMessageForEveryone", CommandEnvelope.CommandOneofCase.DeleteMessageForEveryone),
        ("updateMessage", CommandEnvelope.CommandOneofCase.EditMessage),
        ("sendPresence", CommandEnvelope.CommandOneofCase.SendPresence),
        ("whatsappNumbers", CommandEnvelope.CommandOneofCase.CheckNumbers),
        ("createGroup", CommandEnvelope.CommandOneofCase.CreateGroup),
        ("updateGroupSubject", CommandEnvelope.CommandOneofCase.UpdateGroupSubject),
        ("updateGroupDescription", CommandEnvelope.CommandOneofCase.UpdateGroupDescription),
        ("updateGroupPicture", CommandEnvelope.CommandOneofCase.UpdateGroupPicture),
        ("updateParticipant", CommandEnvelope.CommandOneofCase.UpdateGroupParticipants),
        ("inviteCode", CommandEnvelope.CommandOneofCase.FetchGroupInviteCode),
        ("leaveGroup", CommandEnvelope.CommandOneofCase.LeaveGroup),
        ("setWebhook", CommandEnvelope.CommandOneofCase.SetWebhook),
        ("setKafka", CommandEnvelope.CommandOneofCase.SetKafka),
        ("setSettings", CommandEnvelope.CommandOneofCase.SetSettings),
        ("createTemplate", CommandEnvelope.CommandOneofCase.CreateTemplate),
        ("findTemplates", CommandEnvelope.CommandOneofCase.FindTemplates),
        ("metaWebhookItem", CommandEnvelope.CommandOneofCase.MetaWebhookItem),
        ("setWebsocket", CommandEnvelope.CommandOneofCase.SetWebsocket),
    ];

    private static readonly FrozenDictionary<string, CommandEnvelope.CommandOneofCase> s_byName = s_table.ToFrozenDictionary(c => c.Name, c => c.Case, StringComparer.Ordinal);
    private static readonly FrozenDictionary<CommandEnvelope.CommandOneofCase, string> s_byCase = s_table.ToFrozenDictionary(c => c.Case, c => c.Name);

    /// <summary>Every command name, in the order of the envelope's oneof.</summary>
    public static IReadOnlyList<string> All { get; } = [.. s_table.Select(c => c.Name)];

    public static string NameOf(CommandEnvelope.CommandOneofCase kind) =>
        s_byCase.TryGetValue(kind, out var name) ? name : throw new ArgumentException($"Command kind {kind} has no JSON name.", nameof(kind));

    public static bool TryGetKind(string name, out CommandEnvelope.CommandOneofCase kind) => s_byName.TryGetValue(name, out kind);
}

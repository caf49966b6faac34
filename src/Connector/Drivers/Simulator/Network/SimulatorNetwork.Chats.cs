using Evostream.Contracts.V1;

namespace Evostream.Connector.Drivers.Simulator.Network;

public sealed partial class SimulatorNetwork
{
    private static readonly HashSet<string> s_presences = new(StringComparer.Ordinal) { "available", "unavailable", "composing", "recording", "paused" };

    private DriverResult ExecuteOther(SimulatorSession session, Phone me, DriverRequest request)
    {
        var command = request.Command;
        return command.CommandCase switch
        {
            CommandEnvelope.CommandOneofCase.MarkMessagesRead => MarkRead(session, me, command.MarkMessagesRead),
            CommandEnvelope.CommandOneofCase.ArchiveChat => Archive(session, command.ArchiveChat),
            CommandEnvelope.CommandOneofCase.DeleteMessageForEveryone => DeleteForEveryone(session, me, command.DeleteMessageForEveryone),
            CommandEnvelope.CommandOneofCase.EditMessage => Edit(session, me, request.MessageId, command.EditMessage),
            CommandEnvelope.CommandOneofCase.SendPresence => SendPresence(me, command.SendPresence),
            CommandEnvelope.CommandOneofCase.SetPresence => SetPresence(me, command.SetPresence.Presence),
            CommandEnvelope.CommandOneofCase.CheckNumbers => CheckNumbers(command.CheckNumbers),
            CommandEnvelope.CommandOneofCase.CreateGroup => CreateGroup(session, me, command.CreateGroup),
            CommandEnvelope.CommandOneofCase.UpdateGroupSubject => UpdateGroup(session, me, command.UpdateGroupSubject.GroupJid, g => { g.Subject = command.UpdateGroupSubject.Subject; g.SubjectTime = UnixNow; }),
            CommandEnvelope.CommandOneofCase.UpdateGroupDescription => UpdateGroup(session, me, command.UpdateGroupDescription.GroupJid, g => g.Description = command.UpdateGroupDescription.Description),
            CommandEnvelope.CommandOneofCase.UpdateGroupPicture => UpdateGroup(session, me, command.UpdateGroupPicture.GroupJid, _ => { }),
            CommandEnvelope.CommandOneofCase.UpdateGroupParticipants => UpdateParticipants(session, me, command.UpdateGroupParticipants),
            CommandEnvelope.CommandOneofCase.FetchGroupInviteCode => InviteCode(me, command.FetchGroupInviteCode.GroupJid),
            CommandEnvelope.CommandOneofCase.LeaveGroup => Leave(session, me, command.LeaveGroup.GroupJid),
            _ => new DriverResult.Unsupported($"the simulator does not know command {command.CommandCase}."),
        };
    }

    private DriverResult MarkRead(SimulatorSession session, Phone me, MarkMessagesRead read)
    {
        if (read.ReadMessages.Count == 0)
        {
            return new DriverResult.Failed("readMessages is empty: name at least one message key.", "readMessages");
        }

        var chats = new List<string>();
        foreach (var key in read.ReadMessages)
        {
            // Reading someone's message sends them a READ receipt, when the message came from a linked instance.
            if (_messages.TryGetValue(key.Id, out var sent) && !key.FromMe)
            {
                ReadBy(sent, me.Number);
            }

            if (!chats.Contains(key.RemoteJid, StringComparer.Ordinal))
            {
                chats.Add(key.RemoteJid);
            }
        }

        var update = Event(session, "chats.update", e => e.ChatsUpdate = new ChatList
        {
            Items = { chats.Select(c => new Chat { RemoteJid = c, InstanceId = session.InstanceId, UnreadMessages = 0 }) },
        });
        return new DriverResult.Done([update], Detail: Json(new Dictionary<string, string> { ["message"] = "Read messages", ["read"] = "success" }));
    }

    private DriverResult Archive(SimulatorSession session, ArchiveChat archive)
    {
        if (string.IsNullOrWhiteSpace(archive.Chat))
        {
            return new DriverResult.Failed("chat is empty: name the chat to archive.", "chat");
        }

        var update = Event(session, "chats.update", e => e.ChatsUpdate = new ChatList { Items = { new Chat { RemoteJid = archive.Chat, InstanceId = session.InstanceId } } });
        return new DriverResult.Done([update], RemoteJid: archive.Chat, Detail: Json(new Dictionary<string, object> { ["chatId"] = archive.Chat, ["archived"] = archive.Archive }));
    }

    private DriverResult DeleteForEveryone(SimulatorSession session, Phone me, DeleteMessageForEveryone delete)
    {
        var key = delete.Key;
        if (key is null || !key.FromMe || !_sent.Contains(key.Id))
        {
            return new DriverResult.Failed($"message {key?.Id} was not sent by {me.Number}: only your own messages can be deleted for everyone.", "key", 404);
        }

        var gone = Event(session, "messages.delete", e => e.MessagesDelete = new MessageDeleted { RemoteJid = key.RemoteJid, FromMe = true, Id = key.Id, Status = "DELETED" });
        foreach (var recipient in Recipients(me, key.RemoteJid))
        {
            if (recipient.Live is { } other)
            {
                Emit(other, "messages.delete", e => e.MessagesDelete = new MessageDeleted
                {
                    RemoteJid = Jids.IsGroup(key.RemoteJid) ? key.RemoteJid : me.Jid,
                    FromMe = false,
                    Id = key.Id,
                    Status = "DELETED",
                });
            }
        }

        return new DriverResult.Done([gone], key.Id, key.RemoteJid);
    }

    private DriverResult Edit(SimulatorSession session, Phone me, string messageId, EditMessage edit)
    {
        var key = edit.Key;
        if (key is null || !key.FromMe || !_sent.Contains(key.Id))
        {
            return new DriverResult.Failed($"message {key?.Id} was not sent by {me.Number}: only your own messages can be edited.", "key", 404);
        }

        var message = new WaMessage { Conversation = edit.Text };
        var record = Record(session, key.Clone(), "Você", "SERVER_ACK", message, null, "web");
        var edited = Event(session, "messages.edited", e => e.MessagesEdited = record);
        foreach (var recipient in Recipients(me, key.RemoteJid))
        {
            if (recipient.Live is { } other)
            {
                var theirs = Events.Key(Jids.IsGroup(key.RemoteJid) ? key.RemoteJid : me.Jid, false, key.Id, Jids.IsGroup(key.RemoteJid) ? me.Jid : null);
                var copy = Record(other, theirs, me.PushName ?? me.Number, "DELIVERY_ACK", message.Clone(), null, "web");
                Emit(other, "messages.edited", e => e.MessagesEdited = copy);
            }
        }

        return new DriverResult.Done([edited], messageId, key.RemoteJid);
    }

    private List<Phone> Recipients(Phone me, string remoteJid)
    {
        if (_groups.TryGetValue(remoteJid, out var group))
        {
            return group.Members.Keys.Where(n => n != me.Number).Select(Account).ToList();
        }

        return Jids.Number(remoteJid) is { } number ? [Account(number)] : [];
    }

    private DriverResult SendPresence(Phone me, SendPresence presence)
    {
        if (!s_presences.Contains(presence.Presence))
        {
            return new DriverResult.Failed($"presence '{presence.Presence}' is not one of {string.Join(", ", s_presences)}.", "presence");
        }

        var to = Jids.Number(presence.Number);
        if (to is null || !Exists(to))
        {
            return NotOnWhatsApp(presence.Number, to, "number");
        }

        ShowPresence(me, Account(to), me.Jid, presence.Presence);
        if (presence.DelayMs > 0 && presence.Presence is "composing" or "recording")
        {
            var peer = Account(to);
            _scheduler.After(TimeSpan.FromMilliseconds(presence.DelayMs), () => ShowPresence(me, peer, me.Jid, "paused"));
        }

        return new DriverResult.Done([], RemoteJid: Jids.User(to));
    }

    /// <summary>What <paramref name="viewer"/>'s instance sees of <paramref name="who"/>'s presence in a chat.</summary>
    private void ShowPresence(Phone who, Phone viewer, string chatJid, string presence)
    {
        if (viewer.Live is { } session)
        {
            Emit(session, "presence.update", e =>
            {
                e.PresenceUpdate = new PresenceUpdate { Id = chatJid };
                e.PresenceUpdate.Presences[who.Jid] = new Presence { LastKnownPresence = presence };
            });
        }
    }

    private static DriverResult SetPresence(Phone me, string presence)
    {
        if (presence is not ("available" or "unavailable"))
        {
            return new DriverResult.Failed($"presence '{presence}' must be available or unavailable.", "presence");
        }

        me.Presence = presence;
        return new DriverResult.Done([], Detail: Json(new Dictionary<string, string> { ["presence"] = presence }));
    }

    private DriverResult.Done CheckNumbers(CheckNumbers check)
    {
        var answers = check.Numbers.Select(typed =>
        {
            var number = Jids.Number(typed);
            var digits = number ?? new string([.. typed.Where(char.IsAsciiDigit)]);
            return new Dictionary<string, object>
            {
                ["exists"] = number is not null && Exists(number),
                ["jid"] = Jids.User(digits),
                ["number"] = typed,
            };
        }).ToList();
        return new DriverResult.Done([], Detail: Json(answers));
    }
}

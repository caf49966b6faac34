using Evostream.Contracts.V1;

namespace Evostream.Connector.Drivers.Simulator.Network;

public sealed partial class SimulatorNetwork
{
    private const string InviteAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private DriverResult CreateGroup(SimulatorSession session, Phone me, CreateGroup create)
    {
        if (string.IsNullOrWhiteSpace(create.Subject))
        {
            return new DriverResult.Failed("subject is empty: a group needs a name.", "subject");
        }

        var members = new List<string>();
        var absent = new List<string>();
        foreach (var typed in create.Participants)
        {
            if (Jids.Number(typed) is { } number && Exists(number))
            {
                members.Add(number);
            }
            else
            {
                absent.Add(typed);
            }
        }

        if (absent.Count > 0)
        {
            return new DriverResult.Failed($"participants not on WhatsApp: {string.Join(", ", absent)}.", "participants");
        }

        var group = NewGroup(me.Number, create.Subject);
        group.Description = string.IsNullOrEmpty(create.Description) ? null : create.Description;
        foreach (var number in members.Where(n => n != me.Number))
        {
            group.Members[number] = "";
        }

        var upsert = Event(session, "groups.upsert", e => e.GroupsUpsert = new GroupList { Items = { Metadata(group) } });
        Announce(group, me, "groups.upsert", e => e.GroupsUpsert = new GroupList { Items = { Metadata(group) } });
        return new DriverResult.Done([upsert], RemoteJid: group.Jid, Detail: group.Jid);
    }

    private Group NewGroup(string owner, string subject)
    {
        var jid = "120363" + string.Concat(Enumerable.Range(0, 12).Select(_ => (char)('0' + _random.Next(10)))) + Jids.GroupServer;
        var group = new Group(jid, subject, owner, UnixNow);
        group.Members[owner] = "superadmin";
        _groups[jid] = group;
        return group;
    }

    private DriverResult UpdateGroup(SimulatorSession session, Phone me, string groupJid, Action<Group> change)
    {
        if (Admin(me, groupJid, out var group) is { } failure)
        {
            return failure;
        }

        change(group!);
        var update = Event(session, "groups.update", e => e.GroupsUpdate = new GroupList { Items = { Metadata(group!) } });
        Announce(group!, me, "groups.update", e => e.GroupsUpdate = new GroupList { Items = { Metadata(group!) } });
        return new DriverResult.Done([update], RemoteJid: group!.Jid);
    }

    private DriverResult UpdateParticipants(SimulatorSession session, Phone me, UpdateGroupParticipants update)
    {
        if (Admin(me, update.GroupJid, out var group) is { } failure)
        {
            return failure;
        }

        if (update.Action is not ("add" or "remove" or "promote" or "demote"))
        {
            return new DriverResult.Failed($"action '{update.Action}' must be add, remove, promote or demote.", "action");
        }

        var numbers = new List<string>();
        foreach (var typed in update.Participants)
        {
            var number = Jids.Number(typed);
            if (number is null || !Exists(number))
            {
                return NotOnWhatsApp(typed, number, "participants");
            }

            if (update.Action != "add" && !group!.Members.ContainsKey(number))
            {
                return new DriverResult.Failed($"{number} is not a participant of {group.Jid}.", "participants");
            }

            numbers.Add(number);
        }

        var before = group!.Members.Keys.ToList();
        foreach (var number in numbers)
        {
            switch (update.Action)
            {
                case "add": group.Members.TryAdd(number, ""); break;
                case "remove": group.Members.Remove(number); break;
                case "promote": group.Members[number] = "admin"; break;
                default: group.Members[number] = ""; break;
            }
        }

        var data = new GroupParticipantsUpdate { Id = group.Jid, Action = update.Action, Participants = { numbers.Select(Jids.User) } };
        var own = Event(session, "group-participants.update", e => e.GroupParticipantsUpdate = data);
        foreach (var number in before.Union(numbers).Where(n => n != me.Number))
        {
            if (Account(number).Live is { } other)
            {
                if (update.Action == "add" && !before.Contains(number))
                {
                    Emit(other, "groups.upsert", e => e.GroupsUpsert = new GroupList { Items = { Metadata(group) } });
                }

                Emit(other, "group-participants.update", e => e.GroupParticipantsUpdate = data.Clone());
            }
        }

        return new DriverResult.Done([own], RemoteJid: group.Jid, Detail: Json(new Dictionary<string, object> { ["updateParticipants"] = numbers.Select(n => new Dictionary<string, string> { ["status"] = "200", ["jid"] = Jids.User(n) }) }));
    }

    private DriverResult InviteCode(Phone me, string groupJid)
    {
        if (Admin(me, groupJid, out var group) is { } failure)
        {
            return failure;
        }

        group!.InviteCode ??= string.Concat(Enumerable.Range(0, 22).Select(_ => InviteAlphabet[_random.Next(InviteAlphabet.Length)]));
        return new DriverResult.Done([], RemoteJid: group.Jid, Detail: group.InviteCode);
    }

    private DriverResult Leave(SimulatorSession session, Phone me, string groupJid)
    {
        var jid = Jids.Group(groupJid);
        if (!_groups.TryGetValue(jid, out var group) || !group.Members.ContainsKey(me.Number))
        {
            return new DriverResult.Failed($"{me.Number} is not a participant of group {jid}.", "groupJid", 404);
        }

        group.Members.Remove(me.Number);
        var data = new GroupParticipantsUpdate { Id = jid, Action = "remove", Participants = { me.Jid } };
        var own = Event(session, "group-participants.update", e => e.GroupParticipantsUpdate = data);
        Announce(group, me, "group-participants.update", e => e.GroupParticipantsUpdate = data.Clone());
        return new DriverResult.Done([own], RemoteJid: jid);
    }

    private DriverResult.Failed? Admin(Phone me, string groupJid, out Group? group)
    {
        var jid = Jids.Group(groupJid);
        if (!_groups.TryGetValue(jid, out group))
        {
            return new DriverResult.Failed($"group {jid} does not exist.", "groupJid", 404);
        }

        if (!group.Members.TryGetValue(me.Number, out var role))
        {
            return new DriverResult.Failed($"{me.Number} is not a participant of group {jid}.", "groupJid", 403);
        }

        return role is "admin" or "superadmin" ? null : new DriverResult.Failed($"{me.Number} is not an admin of group {jid}.", "groupJid", 403);
    }

    /// <summary>Tells every other member's connected instance.</summary>
    private void Announce(Group group, Phone except, string name, Action<EventEnvelope> data)
    {
        foreach (var number in group.Members.Keys.Where(n => n != except.Number))
        {
            if (Account(number).Live is { } other)
            {
                Emit(other, name, data);
            }
        }
    }

    private static GroupMetadata Metadata(Group group)
    {
        var metadata = new GroupMetadata
        {
            Id = group.Jid,
            Subject = group.Subject,
            SubjectOwner = Jids.User(group.Owner),
            SubjectTime = group.SubjectTime,
            Size = (uint)group.Members.Count,
            Creation = group.Creation,
            Owner = Jids.User(group.Owner),
            Participants = { group.Members.Select(m => new GroupParticipant { Id = Jids.User(m.Key), Admin = m.Value }) },
        };
        if (group.Description is { } description)
        {
            metadata.Desc = description;
        }

        return metadata;
    }
}

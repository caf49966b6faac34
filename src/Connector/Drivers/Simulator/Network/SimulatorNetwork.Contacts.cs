using Evostream.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace Evostream.Connector.Drivers.Simulator.Network;

/// <summary>What the people on the other side do: the control surface acts through these.</summary>
public sealed partial class SimulatorNetwork
{
    /// <summary>A contact sends a message to a linked number (or into a group); returns its id.</summary>
    internal string ContactSends(string from, string toJid, WaMessage message, string? pushName)
    {
        lock (_gate)
        {
            var sender = Account(from);
            _absent.Remove(from);
            if (pushName is not null)
            {
                sender.PushName = pushName;
            }

            var id = NewMessageId();
            if (Jids.IsGroup(toJid))
            {
                var group = _groups[toJid];
                foreach (var member in group.Members.Keys.Where(m => m != from))
                {
                    Inbound(sender, Account(member), toJid, id, message, null, "android");
                }
            }
            else
            {
                Inbound(sender, Account(Jids.Number(toJid)!), toJid, id, message, null, "android");
            }

            return id;
        }
    }

    /// <summary>A contact reads a message the instance sent them; false when no such unread message exists.</summary>
    internal bool ContactReads(string reader, string messageId)
    {
        lock (_gate)
        {
            if (!_messages.TryGetValue(messageId, out var sent))
            {
                return false;
            }

            ReadBy(sent, reader);
            return true;
        }
    }

    internal void ContactPresence(string from, string to, string presence)
    {
        lock (_gate)
        {
            var who = Account(from);
            who.Presence = presence;
            ShowPresence(who, Account(to), who.Jid, presence);
        }
    }

    /// <summary>A contact creates a group with the linked number in it (or adds it to an existing one of theirs).</summary>
    internal string AddToGroup(string owner, string member, string? subject, string? groupJid)
    {
        lock (_gate)
        {
            var group = groupJid is not null && _groups.TryGetValue(Jids.Group(groupJid), out var existing)
                ? existing
                : NewGroup(owner, subject ?? "Simulator group");
            var isNew = group.Members.TryAdd(member, "");
            var joined = Account(member);
            if (joined.Live is { } session)
            {
                Emit(session, "groups.upsert", e => e.GroupsUpsert = new GroupList { Items = { Metadata(group) } });
                if (isNew)
                {
                    Emit(session, "group-participants.update", e => e.GroupParticipantsUpdate = new GroupParticipantsUpdate
                    {
                        Id = group.Jid,
                        Action = "add",
                        Participants = { joined.Jid },
                    });
                }
            }

            return group.Jid;
        }
    }

    internal bool GroupExists(string groupJid)
    {
        lock (_gate)
        {
            return _groups.ContainsKey(Jids.Group(groupJid));
        }
    }

    /// <summary>A contact calls the linked number.</summary>
    internal string Call(string from, string to, bool video)
    {
        lock (_gate)
        {
            Span<byte> bytes = stackalloc byte[16];
            _random.NextBytes(bytes);
            var id = Convert.ToHexString(bytes);
            if (Account(to).Live is { } session)
            {
                Emit(session, "call", e => e.Call = new Call
                {
                    Id = id,
                    From = Jids.User(from),
                    ChatId = Jids.User(from),
                    IsVideo = video,
                    Status = "offer",
                    Date = Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeSeconds(UnixNow)),
                });
            }

            return id;
        }
    }

    /// <summary>Takes a number off WhatsApp (or puts it back): sends to it then fail as to a number without an account.</summary>
    internal void SetOnNetwork(string number, bool present)
    {
        lock (_gate)
        {
            if (present)
            {
                _absent.Remove(number);
            }
            else
            {
                _absent.Add(number);
            }
        }
    }

    /// <summary>A snapshot of the instances this network knows.</summary>
    internal IReadOnlyList<SimulatorInstanceStatus> Status()
    {
        lock (_gate)
        {
            return [.. _sessions.Values.OrderBy(s => s.Instance, StringComparer.Ordinal).Select(s => new SimulatorInstanceStatus(
                s.Instance,
                StateName(s),
                s.Number,
                s.Number is { } n && Account(n).Banned,
                s.Linking?.QrCode,
                s.Linking?.Count,
                s.Linking?.PairingCode))];
        }
    }
}

/// <summary>One instance as the simulator sees it.</summary>
public sealed record SimulatorInstanceStatus(string Instance, string State, string? Number, bool Banned, string? QrCode, int? QrCount, string? PairingCode);

using Evostream.Connector.Drivers.Simulator.Execution;
using Evostream.Contracts.V1;

namespace Evostream.Connector.Drivers.Simulator.Network;

public sealed partial class SimulatorNetwork
{
    private const string RateOverlimit = "rate-overlimit";

    internal DriverResult Execute(SimulatorSession session, DriverRequest request)
    {
        var command = request.Command;
        if (CommandScope.NotTheDrivers(command.CommandCase) is { } reason)
        {
            return new DriverResult.Unsupported(reason);
        }

        lock (_gate)
        {
            if (session.Disposed)
            {
                return new DriverResult.Failed("the session was closed; open a new one.", HttpStatus: 409);
            }

            if (session.State != SessionState.Open || session.Number is null)
            {
                return new DriverResult.Failed($"instance '{session.Instance}' is not connected to WhatsApp (state {StateName(session)}); connect it first.", HttpStatus: 400);
            }

            var me = Account(session.Number);
            if (me.Banned)
            {
                return new DriverResult.Failed($"{me.Number} is banned from WhatsApp.", HttpStatus: 403);
            }

            return OutboundContent.From(command) is { } content
                ? Send(session, me, request.MessageId, content)
                : ExecuteOther(session, me, request);
        }
    }

    private DriverResult Send(SimulatorSession session, Phone me, string messageId, OutboundContent content)
    {
        var repeat = KnowsSent(messageId);
        var target = Resolve(me, content.To, content.ToField, out var failure);
        if (failure is not null)
        {
            return failure;
        }

        if (!repeat && Limit(me, target!) is { } refused)
        {
            return refused;
        }

        var remoteJid = target!;
        var key = Events.Key(remoteJid, true, messageId);
        var record = Record(session, key, "Você", "PENDING", content.Message, Context(content.Options, remoteJid), "web");
        var sendEvent = Event(session, "send.message", e => e.SendMessage = record);
        var serverAck = Event(session, "messages.update", e => e.MessagesUpdate = Events.Receipt(key, "SERVER_ACK", session.InstanceId));
        if (repeat)
        {
            // The same command again: WhatsApp already has this message id, so nothing goes out twice; the caller
            // (a connector reconciling after a crash) still gets the message described.
            return new DriverResult.Done([sendEvent, serverAck], messageId, remoteJid, Detail: "already sent");
        }

        // Durable before acknowledged: after a crash the journal says this id went out.
        _journal?.Sent(messageId);
        _sent.Add(messageId);

        var sent = new SentMessage(me.Number, remoteJid, messageId, content.Voice);
        _messages[messageId] = sent;
        Deliver(me, sent, content.Message, record.ContextInfo);
        return new DriverResult.Done([sendEvent, serverAck], messageId, remoteJid);
    }

    /// <summary>The chat JID of a recipient, or the failure WhatsApp (through Evolution) gives for it.</summary>
    private string? Resolve(Phone me, string to, string field, out DriverResult.Failed? failure)
    {
        failure = null;
        if (Jids.IsGroup(to.Trim()))
        {
            var jid = Jids.Group(to);
            if (!_groups.TryGetValue(jid, out var group))
            {
                failure = new DriverResult.Failed($"group {jid} does not exist.", field, 404);
                return null;
            }

            if (!group.Members.ContainsKey(me.Number))
            {
                failure = new DriverResult.Failed($"{me.Number} is not a participant of group {jid}.", field, 403);
                return null;
            }

            return jid;
        }

        var number = Jids.Number(to);
        if (number is null || !Exists(number))
        {
            failure = NotOnWhatsApp(to, number, field);
            return null;
        }

        return Jids.User(number);
    }

    /// <summary>
    /// Evolution answers a send to a number without WhatsApp with 400 and <c>response.message</c> set to this array;
    /// the reason carries the array so the facade can answer the same body.
    /// </summary>
    private static DriverResult.Failed NotOnWhatsApp(string typed, string? number, string field)
    {
        var digits = number ?? new string([.. typed.Where(char.IsAsciiDigit)]);
        var array = Json(new[] { new Dictionary<string, object> { ["exists"] = false, ["jid"] = Jids.User(digits), ["number"] = typed } });
        return new DriverResult.Failed(array, field, 400);
    }

    /// <summary>WhatsApp's limits on new numbers and on pairs; each refusal is a strike, enough strikes a ban.</summary>
    private DriverResult.Failed? Limit(Phone me, string remoteJid)
    {
        var now = Now;
        var day = now.ToUnixTimeSeconds() / 86_400;
        if (me.SendDay != day)
        {
            me.SendDay = day;
            me.SentToday = 0;
        }

        string? why = null;
        if (me.FirstLinkedAt is { } linked && now - linked < Options.WarmUp && me.SentToday >= Options.WarmUpDailyLimit)
        {
            why = $"{RateOverlimit}: {me.Number} is a new number and has reached its daily limit of {Options.WarmUpDailyLimit} messages; it may send again tomorrow.";
        }
        else
        {
            me.Pairs ??= new Dictionary<string, PairBudget>(StringComparer.Ordinal);
            if (!me.Pairs.TryGetValue(remoteJid, out var budget))
            {
                budget = new PairBudget { Tokens = Options.RecipientBurst, Updated = now };
                me.Pairs[remoteJid] = budget;
            }

            budget.Tokens = Math.Min(Options.RecipientBurst, budget.Tokens + ((now - budget.Updated) / Options.RecipientSpacing));
            budget.Updated = now;
            if (budget.Tokens < 1)
            {
                why = $"{RateOverlimit}: too many messages from {me.Number} to {remoteJid}; wait {Options.RecipientSpacing.TotalSeconds:0.#} s between messages to one recipient.";
            }
            else
            {
                budget.Tokens--;
            }
        }

        if (why is null)
        {
            me.SentToday++;
            return null;
        }

        me.Strikes++;
        if (me.Strikes >= Options.StrikesBeforeBan)
        {
            BanLocked(me);
            return new DriverResult.Failed($"{why} After {me.Strikes} such refusals WhatsApp banned {me.Number}.", HttpStatus: 403);
        }

        return new DriverResult.Failed(why, HttpStatus: 429);
    }

    /// <summary>The message reaches its recipients' phones: delivery now-ish, reads later.</summary>
    private void Deliver(Phone from, SentMessage sent, WaMessage message, ContextInfo? context)
    {
        var recipients = Jids.IsGroup(sent.RemoteJid)
            ? _groups[sent.RemoteJid].Members.Keys.Where(n => n != from.Number).ToList()
            : [Jids.Number(sent.RemoteJid)!];
        var key = Events.Key(sent.RemoteJid, true, sent.Id);

        _scheduler.After(Options.Delivery, () =>
        {
            Receipt(from.Number, key, "DELIVERY_ACK");
            foreach (var number in recipients)
            {
                Inbound(from, Account(number), sent.RemoteJid, sent.Id, message, context);
            }
        });

        var autoReaders = recipients.Where(n => Account(n).Live is null).ToList();
        if (Options.ReadDelay is { } read && autoReaders.Count > 0)
        {
            _scheduler.After(Options.Delivery + read, () => ReadBy(sent, autoReaders[0]));
        }
    }

    /// <summary>A recipient read the message: the sender sees READ, and PLAYED for a voice note.</summary>
    private void ReadBy(SentMessage sent, string reader)
    {
        if (!_messages.ContainsKey(sent.Id))
        {
            return;
        }

        var key = Events.Key(sent.RemoteJid, true, sent.Id, Jids.IsGroup(sent.RemoteJid) ? Jids.User(reader) : null);
        Receipt(sent.From, key, "READ");
        if (sent.Voice)
        {
            Receipt(sent.From, key, "PLAYED");
        }

        _messages.Remove(sent.Id);
    }

    private void Receipt(string number, MessageKey key, string status)
    {
        if (_phones.TryGetValue(number, out var phone) && phone.Live is { } session)
        {
            Emit(session, "messages.update", e => e.MessagesUpdate = Events.Receipt(key, status, session.InstanceId));
        }
    }

    /// <summary>A message arrives on <paramref name="to"/>'s linked instance, if it has one connected.</summary>
    private void Inbound(Phone from, Phone to, string chatJid, string id, WaMessage message, ContextInfo? context, string source = "web")
    {
        if (to.Live is not { } session)
        {
            return;
        }

        var group = Jids.IsGroup(chatJid);
        var remoteJid = group ? chatJid : from.Jid;
        to.KnownChats ??= new HashSet<string>(StringComparer.Ordinal);
        if (to.KnownChats.Add(remoteJid))
        {
            if (!group)
            {
                Emit(session, "contacts.upsert", e => e.ContactsUpsert = new ContactList
                {
                    Items = { new Contact { RemoteJid = from.Jid, PushName = from.PushName ?? from.Number, InstanceId = session.InstanceId } },
                });
            }

            Emit(session, "chats.upsert", e =>
            {
                var chat = new Chat { RemoteJid = remoteJid, InstanceId = session.InstanceId };
                if (group)
                {
                    chat.Name = _groups[chatJid].Subject;
                }

                e.ChatsUpsert = new ChatList { Items = { chat } };
            });
        }

        var key = Events.Key(remoteJid, false, id, group ? from.Jid : null);
        var record = Record(session, key, from.PushName ?? from.Number, "DELIVERY_ACK", message.Clone(), context?.Clone(), source);
        Emit(session, "messages.upsert", e => e.MessagesUpsert = record);
    }

    private MessageRecord Record(SimulatorSession session, MessageKey key, string pushName, string status, WaMessage message, ContextInfo? context, string source)
    {
        var record = new MessageRecord
        {
            Key = key,
            PushName = pushName,
            Status = status,
            Message = message,
            MessageType = Events.MessageType(message),
            MessageTimestamp = UnixNow,
            InstanceId = session.InstanceId,
            Source = source,
        };
        if (context is not null)
        {
            record.ContextInfo = context;
        }

        return record;
    }

    private ContextInfo? Context(SendOptions? options, string remoteJid)
    {
        if (options is null || (options.Quoted is null && options.Mentioned.Count == 0 && !options.MentionsEveryone))
        {
            return null;
        }

        var context = new ContextInfo();
        if (options.Quoted?.Key is { } quoted)
        {
            context.StanzaId = quoted.Id;
            context.Participant = quoted.HasParticipant ? quoted.Participant : quoted.FromMe ? "" : quoted.RemoteJid;
            if (options.Quoted.Message is { } message)
            {
                context.QuotedMessage = message.Clone();
            }
        }

        if (options.MentionsEveryone && _groups.TryGetValue(remoteJid, out var group))
        {
            context.MentionedJid.AddRange(group.Members.Keys.Select(Jids.User));
        }
        else
        {
            context.MentionedJid.AddRange(options.Mentioned.Select(m => Jids.Number(m) is { } n ? Jids.User(n) : m));
        }

        return context;
    }
}

using System.Text.Json;
using Evostream.Connector.Drivers;
using Evostream.Connector.Drivers.Simulator;
using Evostream.Contracts.V1;

namespace Evostream.Tests.Simulator;

public sealed class SimulatorSendingTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_send_is_acked_at_once_then_delivered_and_read_after_the_configured_delays()
    {
        using var sim = new SimulatorHarness(new SimulatorOptions(Seed: 5, DeliveryDelay: TimeSpan.FromSeconds(2), ReadDelay: TimeSpan.FromSeconds(10)));
        var (session, _) = await sim.LinkAsync("a", SimulatorHarness.Owner);
        var done = Assert.IsType<DriverResult.Done>(await session.ExecuteAsync(SimulatorHarness.Text("a", SimulatorHarness.Maria, "olá", "3EB0C0FFEE01"), None));

        Assert.Equal("3EB0C0FFEE01", done.MessageId);
        Assert.Equal(SimulatorHarness.Maria + "@s.whatsapp.net", done.RemoteJid);
        Assert.Equal(["send.message", "messages.update"], done.Events.Select(e => e.Event));
        var sent = done.Events[0].SendMessage;
        Assert.Equal(("3EB0C0FFEE01", true, "PENDING", "olá", "conversation"), (sent.Key.Id, sent.Key.FromMe, sent.Status, sent.Message.Conversation, sent.MessageType));
        Assert.Equal("SERVER_ACK", done.Events[1].MessagesUpdate.Status);

        sim.Clock.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.Empty(SimulatorHarness.Drain(session));
        sim.Clock.Advance(TimeSpan.FromMilliseconds(1));
        var delivered = Assert.Single(SimulatorHarness.Events(SimulatorHarness.Drain(session)));
        Assert.Equal(("messages.update", "DELIVERY_ACK", "3EB0C0FFEE01"), (delivered.Event, delivered.MessagesUpdate.Status, delivered.MessagesUpdate.KeyId));

        sim.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Empty(SimulatorHarness.Drain(session));
        sim.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("READ", Assert.Single(SimulatorHarness.Events(SimulatorHarness.Drain(session))).MessagesUpdate.Status);
        Assert.Equal(SendCheck.Sent, await session.CheckSentAsync("3EB0C0FFEE01", None));
        Assert.Equal(SendCheck.NotSent, await session.CheckSentAsync("3EB0C0FFEE02", None));
    }

    [Fact]
    public async Task A_voice_note_is_played_and_a_repeated_message_id_sends_nothing_twice()
    {
        using var sim = new SimulatorHarness();
        var (session, _) = await sim.LinkAsync("a", SimulatorHarness.Owner);
        var audio = new DriverRequest(new CommandEnvelope
        {
            CommandId = "c1",
            Instance = "a",
            SendWhatsappAudio = new SendWhatsAppAudio { Number = SimulatorHarness.Maria, Url = "https://example.com/a.ogg" },
        }, "3EB0A0D10001");
        var done = Assert.IsType<DriverResult.Done>(await session.ExecuteAsync(audio, None));
        Assert.True(done.Events[0].SendMessage.Message.AudioMessage.Ptt);
        var again = Assert.IsType<DriverResult.Done>(await session.ExecuteAsync(audio, None));
        Assert.Equal("already sent", again.Detail);
        Assert.Equal("3EB0A0D10001", again.Events[0].SendMessage.Key.Id); // described again, not sent again: one set of receipts below

        sim.Clock.Advance(TimeSpan.FromMinutes(1));
        var statuses = SimulatorHarness.Events(SimulatorHarness.Drain(session)).Select(e => e.MessagesUpdate.Status);
        Assert.Equal(["DELIVERY_ACK", "READ", "PLAYED"], statuses);
    }

    [Fact]
    public async Task Numbers_not_on_WhatsApp_fail_with_Evolutions_400_array()
    {
        using var sim = new SimulatorHarness();
        var (session, _) = await sim.LinkAsync("a", SimulatorHarness.Owner);
        Assert.True(sim.Control.SetOnNetwork("5511977770000", present: false).Ok);

        var failed = Assert.IsType<DriverResult.Failed>(await session.ExecuteAsync(SimulatorHarness.Text("a", "5511977770000", "hi", "3EB0F0000001"), None));
        Assert.Equal((400, "number"), (failed.HttpStatus, failed.Field));
        Assert.Equal("""[{"exists":false,"jid":"5511977770000@s.whatsapp.net","number":"5511977770000"}]""", failed.Reason);
        Assert.Equal(SendCheck.NotSent, await session.CheckSentAsync("3EB0F0000001", None));

        var malformed = Assert.IsType<DriverResult.Failed>(await session.ExecuteAsync(SimulatorHarness.Text("a", "0123", "hi", "3EB0F0000002"), None));
        Assert.Equal(400, malformed.HttpStatus);

        var check = new DriverRequest(new CommandEnvelope { CommandId = "c", Instance = "a", CheckNumbers = new CheckNumbers { Numbers = { SimulatorHarness.Maria, "5511977770000" } } }, "unused");
        var answer = Assert.IsType<DriverResult.Done>(await session.ExecuteAsync(check, None));
        using var json = JsonDocument.Parse(answer.Detail!);
        Assert.Equal([true, false], json.RootElement.EnumerateArray().Select(e => e.GetProperty("exists").GetBoolean()));
        Assert.Equal(SimulatorHarness.Maria + "@s.whatsapp.net", json.RootElement[0].GetProperty("jid").GetString());
    }

    [Fact]
    public async Task A_new_number_past_its_warm_up_cap_is_refused_then_banned()
    {
        using var sim = new SimulatorHarness(new SimulatorOptions(Seed: 9, WarmUpDailyLimit: 3, StrikesBeforeBan: 2));
        var (session, _) = await sim.LinkAsync("a", SimulatorHarness.Owner);
        for (var i = 0; i < 3; i++)
        {
            Assert.IsType<DriverResult.Done>(await session.ExecuteAsync(SimulatorHarness.Text("a", "55119000000" + (10 + i), "promo", $"3EB0000000{i}"), None));
        }

        var refused = Assert.IsType<DriverResult.Failed>(await session.ExecuteAsync(SimulatorHarness.Text("a", "5511900000020", "promo", "3EB00000003"), None));
        Assert.Equal(429, refused.HttpStatus);
        Assert.Contains("rate-overlimit", refused.Reason, StringComparison.Ordinal);
        Assert.Equal(SendCheck.NotSent, await session.CheckSentAsync("3EB00000003", None));

        SimulatorHarness.Drain(session);
        var banned = Assert.IsType<DriverResult.Failed>(await session.ExecuteAsync(SimulatorHarness.Text("a", "5511900000021", "promo", "3EB00000004"), None));
        Assert.Equal(403, banned.HttpStatus);
        var signals = SimulatorHarness.Drain(session);
        Assert.Equal(403, Assert.Single(signals.OfType<SessionSignal.Ended>()).StatusReason);
        Assert.Equal(("close", 403), SimulatorHarness.Events(signals).Select(e => (e.ConnectionUpdate.State, e.ConnectionUpdate.StatusReason)).Single());
        Assert.True(Assert.Single(sim.Control.Status()).Banned);
    }

    [Fact]
    public async Task The_daily_cap_resets_the_next_day_and_pair_pacing_refuses_bursts_to_one_recipient()
    {
        using var sim = new SimulatorHarness(new SimulatorOptions(Seed: 9, WarmUpDailyLimit: 1, RecipientBurst: 2, RecipientInterval: TimeSpan.FromSeconds(6), StrikesBeforeBan: 100));
        var (session, _) = await sim.LinkAsync("a", SimulatorHarness.Owner);
        Assert.IsType<DriverResult.Done>(await session.ExecuteAsync(SimulatorHarness.Text("a", SimulatorHarness.Maria, "1", "3EB0D0000001"), None));
        Assert.IsType<DriverResult.Failed>(await session.ExecuteAsync(SimulatorHarness.Text("a", SimulatorHarness.Maria, "2", "3EB0D0000002"), None));
        sim.Clock.Advance(TimeSpan.FromDays(1));
        Assert.IsType<DriverResult.Done>(await session.ExecuteAsync(SimulatorHarness.Text("a", SimulatorHarness.Maria, "3", "3EB0D0000003"), None));

        // Past warm-up: no daily cap, only the pair budget (2 back to back, then one per 6 s).
        sim.Clock.Advance(TimeSpan.FromDays(8));
        Assert.IsType<DriverResult.Done>(await session.ExecuteAsync(SimulatorHarness.Text("a", SimulatorHarness.Maria, "4", "3EB0D0000004"), None));
        Assert.IsType<DriverResult.Done>(await session.ExecuteAsync(SimulatorHarness.Text("a", SimulatorHarness.Maria, "5", "3EB0D0000005"), None));
        var paced = Assert.IsType<DriverResult.Failed>(await session.ExecuteAsync(SimulatorHarness.Text("a", SimulatorHarness.Maria, "6", "3EB0D0000006"), None));
        Assert.Contains("between messages to one recipient", paced.Reason, StringComparison.Ordinal);
        Assert.IsType<DriverResult.Done>(await session.ExecuteAsync(SimulatorHarness.Text("a", "5511966660000", "other", "3EB0D0000007"), None));
        sim.Clock.Advance(TimeSpan.FromSeconds(6));
        Assert.IsType<DriverResult.Done>(await session.ExecuteAsync(SimulatorHarness.Text("a", SimulatorHarness.Maria, "7", "3EB0D0000008"), None));
    }

    [Fact]
    public async Task Lifecycle_and_configuration_commands_are_unsupported_with_a_reason()
    {
        using var sim = new SimulatorHarness();
        var (session, _) = await sim.LinkAsync("a", SimulatorHarness.Owner);
        foreach (var command in new[]
        {
            new CommandEnvelope { CreateInstance = new CreateInstance() },
            new CommandEnvelope { LogoutInstance = new LogoutInstance() },
            new CommandEnvelope { SetWebhook = new SetWebhook() },
        })
        {
            var result = Assert.IsType<DriverResult.Unsupported>(await session.ExecuteAsync(new DriverRequest(command, "x"), None));
            Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        }

        Assert.True(sim.Driver.Capabilities.HasFlag(DriverCapabilities.SendLookup));
        Assert.Equal("WHATSAPP-BAILEYS", sim.Driver.Integration);
    }

    [Fact]
    public async Task Two_linked_instances_talk_contacts_reply_and_reads_travel_back()
    {
        using var sim = new SimulatorHarness();
        var (a, _) = await sim.LinkAsync("a", SimulatorHarness.Owner);
        var (b, _) = await sim.LinkAsync("b", SimulatorHarness.Maria);
        SimulatorHarness.Drain(a);
        await a.ExecuteAsync(SimulatorHarness.Text("a", SimulatorHarness.Maria, "oi", "3EB0E0000001"), None);
        sim.Clock.Advance(TimeSpan.FromSeconds(1));
        var inbound = SimulatorHarness.Events(SimulatorHarness.Drain(b));
        Assert.Equal(["contacts.upsert", "chats.upsert", "messages.upsert"], inbound.Select(e => e.Event));
        var upsert = inbound[2].MessagesUpsert;
        Assert.Equal((SimulatorHarness.Owner + "@s.whatsapp.net", false, "3EB0E0000001", "oi"), (upsert.Key.RemoteJid, upsert.Key.FromMe, upsert.Key.Id, upsert.Message.Conversation));

        // A linked recipient reads only when it marks the message read.
        sim.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(["DELIVERY_ACK"], SimulatorHarness.Events(SimulatorHarness.Drain(a)).Select(e => e.MessagesUpdate.Status));
        var read = new DriverRequest(new CommandEnvelope { MarkMessagesRead = new MarkMessagesRead { ReadMessages = { upsert.Key } } }, "x");
        Assert.IsType<DriverResult.Done>(await b.ExecuteAsync(read, None));
        Assert.Equal("READ", Assert.Single(SimulatorHarness.Events(SimulatorHarness.Drain(a))).MessagesUpdate.Status);

        // A contact (not linked) replies, reacts and calls.
        var reply = sim.Control.SendText("5511955550000", SimulatorHarness.Owner, "tudo bem?", "Pedro");
        Assert.True(reply.Ok, reply.Error);
        Assert.True(sim.Control.React("5511955550000", SimulatorHarness.Owner, "3EB0E0000001", "❤️").Ok);
        Assert.True(sim.Control.Call("5511955550000", SimulatorHarness.Owner, video: true).Ok);
        Assert.True(sim.Control.Presence("5511955550000", SimulatorHarness.Owner, "composing").Ok);
        var events = SimulatorHarness.Events(SimulatorHarness.Drain(a));
        Assert.Equal(["contacts.upsert", "chats.upsert", "messages.upsert", "messages.upsert", "call", "presence.update"], events.Select(e => e.Event));
        Assert.Equal("Pedro", events[0].ContactsUpsert.Items[0].PushName);
        Assert.Equal("reactionMessage", events[3].MessagesUpsert.MessageType);
        Assert.True(events[4].Call.IsVideo);
        Assert.Equal("composing", events[5].PresenceUpdate.Presences["5511955550000@s.whatsapp.net"].LastKnownPresence);

        Assert.False(sim.Control.SendText("12", SimulatorHarness.Owner, "x").Ok);
        Assert.Equal(400, sim.Control.SendText("5511955550000", SimulatorHarness.Owner, "").Status);
    }

    [Fact]
    public async Task Groups_are_created_changed_and_announced_to_linked_members()
    {
        using var sim = new SimulatorHarness();
        var (a, _) = await sim.LinkAsync("a", SimulatorHarness.Owner);
        var (b, _) = await sim.LinkAsync("b", SimulatorHarness.Maria);
        SimulatorHarness.Drain(b);
        DriverRequest Command(CommandEnvelope c, string id = "x") => new(c, id);

        var created = Assert.IsType<DriverResult.Done>(await a.ExecuteAsync(Command(new CommandEnvelope { CreateGroup = new CreateGroup { Subject = "Equipe", Participants = { SimulatorHarness.Maria } } }), None));
        var jid = created.Detail!;
        Assert.EndsWith("@g.us", jid, StringComparison.Ordinal);
        Assert.Equal(2u, created.Events.Single().GroupsUpsert.Items[0].Size);
        Assert.Equal("groups.upsert", Assert.Single(SimulatorHarness.Events(SimulatorHarness.Drain(b))).Event);

        Assert.IsType<DriverResult.Done>(await a.ExecuteAsync(Command(new CommandEnvelope { UpdateGroupSubject = new UpdateGroupSubject { GroupJid = jid, Subject = "Equipe SP" } }), None));
        Assert.Equal("Equipe SP", Assert.Single(SimulatorHarness.Events(SimulatorHarness.Drain(b))).GroupsUpdate.Items[0].Subject);
        var notAdmin = Assert.IsType<DriverResult.Failed>(await b.ExecuteAsync(Command(new CommandEnvelope { UpdateGroupDescription = new UpdateGroupDescription { GroupJid = jid, Description = "x" } }), None));
        Assert.Equal(403, notAdmin.HttpStatus);

        var invite = Assert.IsType<DriverResult.Done>(await a.ExecuteAsync(Command(new CommandEnvelope { FetchGroupInviteCode = new FetchGroupInviteCode { GroupJid = jid } }), None));
        Assert.Equal(22, invite.Detail!.Length);
        var add = Assert.IsType<DriverResult.Done>(await a.ExecuteAsync(Command(new CommandEnvelope { UpdateGroupParticipants = new UpdateGroupParticipants { GroupJid = jid, Action = "add", Participants = { "5511944440000" } } }), None));
        Assert.Equal("add", add.Events.Single().GroupParticipantsUpdate.Action);

        await a.ExecuteAsync(Command(new CommandEnvelope { SendText = new SendText { Number = jid, Text = "bom dia" } }, "3EB0GG000001"), None);
        sim.Clock.Advance(TimeSpan.FromSeconds(1));
        var inGroup = SimulatorHarness.Events(SimulatorHarness.Drain(b)).Single(e => e.Event == "messages.upsert").MessagesUpsert;
        Assert.Equal((jid, SimulatorHarness.Owner + "@s.whatsapp.net"), (inGroup.Key.RemoteJid, inGroup.Key.Participant));

        var left = Assert.IsType<DriverResult.Done>(await b.ExecuteAsync(Command(new CommandEnvelope { LeaveGroup = new LeaveGroup { GroupJid = jid } }), None));
        Assert.Equal("remove", left.Events.Single().GroupParticipantsUpdate.Action);
        Assert.Equal(404, Assert.IsType<DriverResult.Failed>(await b.ExecuteAsync(Command(new CommandEnvelope { LeaveGroup = new LeaveGroup { GroupJid = jid } }), None)).HttpStatus);

        // A contact adds the linked number to a group of theirs.
        SimulatorHarness.Drain(b);
        var added = sim.Control.AddToGroup("5511933330000", SimulatorHarness.Maria, "Vizinhos", null);
        Assert.True(added.Ok, added.Error);
        Assert.Equal(["groups.upsert", "group-participants.update"], SimulatorHarness.Events(SimulatorHarness.Drain(b)).Select(e => e.Event));
    }

    [Fact]
    public async Task Edit_and_delete_work_on_own_messages_only()
    {
        using var sim = new SimulatorHarness();
        var (a, _) = await sim.LinkAsync("a", SimulatorHarness.Owner);
        await a.ExecuteAsync(SimulatorHarness.Text("a", SimulatorHarness.Maria, "reuniao 14h", "3EB0ED000001"), None);
        var key = new MessageKey { RemoteJid = SimulatorHarness.Maria + "@s.whatsapp.net", FromMe = true, Id = "3EB0ED000001" };
        var edit = Assert.IsType<DriverResult.Done>(await a.ExecuteAsync(new DriverRequest(new CommandEnvelope { EditMessage = new EditMessage { Number = SimulatorHarness.Maria, Key = key, Text = "reuniao 15h" } }, "3EB0ED000002"), None));
        Assert.Equal("reuniao 15h", edit.Events.Single(e => e.Event == "messages.edited").MessagesEdited.Message.Conversation);
        var delete = Assert.IsType<DriverResult.Done>(await a.ExecuteAsync(new DriverRequest(new CommandEnvelope { DeleteMessageForEveryone = new DeleteMessageForEveryone { Key = key } }, "x"), None));
        Assert.Equal("DELETED", delete.Events.Single().MessagesDelete.Status);
        var unknown = key.Clone();
        unknown.Id = "3EB0NOPE";
        Assert.Equal(404, Assert.IsType<DriverResult.Failed>(await a.ExecuteAsync(new DriverRequest(new CommandEnvelope { DeleteMessageForEveryone = new DeleteMessageForEveryone { Key = unknown } }, "x"), None)).HttpStatus);
    }

    [Fact]
    public async Task Forced_disconnects_follow_Baileys_reasons()
    {
        using var sim = new SimulatorHarness(new SimulatorOptions(Seed: 2, ReconnectDelay: TimeSpan.FromSeconds(2)));
        var (a, credentials) = await sim.LinkAsync("a", SimulatorHarness.Owner);
        SimulatorHarness.Drain(a);

        Assert.True(sim.Control.Disconnect(SimulatorHarness.Owner, 515).Ok);
        sim.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal([("close", 515), ("connecting", 0), ("open", 200)],
            SimulatorHarness.Events(SimulatorHarness.Drain(a)).Select(e => (e.ConnectionUpdate.State, e.ConnectionUpdate.StatusReason)));

        Assert.Equal(400, sim.Control.Disconnect(SimulatorHarness.Owner, 500).Status);
        Assert.True(sim.Control.Disconnect(SimulatorHarness.Owner, 401).Ok);
        var signals = SimulatorHarness.Drain(a);
        Assert.Equal(401, Assert.Single(signals.OfType<SessionSignal.Ended>()).StatusReason);
        await a.DisposeAsync();

        // The unlinked device's credentials are worthless now.
        var stale = await sim.OpenAsync("a", credentials);
        Assert.Equal(401, Assert.Single(SimulatorHarness.Drain(stale).OfType<SessionSignal.Ended>()).StatusReason);
        Assert.Equal(409, sim.Control.Disconnect(SimulatorHarness.Owner, 408).Status);
    }
}

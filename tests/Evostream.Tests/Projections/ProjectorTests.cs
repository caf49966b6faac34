using System.Text;
using Evostream.Contracts.V1;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Projections;

public class ProjectorTests(EmbeddedStack stack)
{
    private static async Task<(CancellationTokenSource Cts, Task Run)> StartAsync(ProjectionHarness h, string schema, int maxBatch = 200)
    {
        var store = await h.MigratedStoreAsync(schema);
        var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        return (cts, h.Projector(store, maxBatch).RunAsync(cts.Token));
    }

    private static async Task StopAsync((CancellationTokenSource Cts, Task Run) projector)
    {
        await projector.Cts.CancelAsync();
        await projector.Run;
        projector.Cts.Dispose();
    }

    [Fact]
    public async Task A_conversation_lands_in_the_read_models_with_statuses_outcomes_chats_and_contacts()
    {
        await using var h = await ProjectionHarness.StartAsync(stack);
        var talk = new Conversation();
        h.Produce([.. talk.Exchange(contact: 1, round: 1), .. talk.Exchange(contact: 2, round: 1)]);
        h.ProduceRaw($"{h.Prefix}.{talk.Instance}.messages.upsert", Encoding.UTF8.GetBytes("not an event"));
        var schema = ProjectionHarness.NewSchema();

        var projector = await StartAsync(h, schema);
        await h.WaitProjectedAsync(schema);
        await StopAsync(projector);

        Assert.Equal(4L, await h.ScalarAsync<long>(schema, "SELECT count(*) FROM messages"));
        Assert.Equal("READ", await h.ScalarAsync<string>(schema, "SELECT status FROM message_status WHERE key_id = 'OUT0001R0001'"));
        Assert.Equal(4L, await h.ScalarAsync<long>(schema, "SELECT count(*) FROM message_status_history WHERE key_id = 'OUT0001R0001'"));
        Assert.Equal("hello 1", await h.ScalarAsync<string>(schema, "SELECT content->>'conversation' FROM messages WHERE key_id = 'IN0001R0001'"));
        Assert.Equal("cmd-shop-1-1", await h.ScalarAsync<string>(schema, "SELECT causation_command_id FROM messages WHERE key_id = 'OUT0001R0001'"));
        Assert.Equal(0, await h.ScalarAsync<int>(schema, $"SELECT unread_messages FROM chats WHERE remote_jid = '{Conversation.Jid(1)}'"));
        Assert.Equal("OUT0001R0001", await h.ScalarAsync<string>(schema, $"SELECT last_message_key_id FROM chats WHERE remote_jid = '{Conversation.Jid(1)}'"));
        Assert.Equal("Contact 2 v1", await h.ScalarAsync<string>(schema, $"SELECT push_name FROM contacts WHERE remote_jid = '{Conversation.Jid(2)}'"));
        Assert.Equal("executed|OUT0001R0001|k-cmd-shop-1-1", await h.ScalarAsync<string>(schema,
            "SELECT state || '|' || message_id || '|' || idempotency_key FROM command_outcomes WHERE command_id = 'cmd-shop-1-1'"));
        Assert.Contains("is not a readable record", await h.ScalarAsync<string>(schema, "SELECT error FROM parked_records"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replaying_the_same_log_twice_builds_identical_tables()
    {
        await using var h = await ProjectionHarness.StartAsync(stack);
        var talk = new Conversation();
        h.Produce(Enumerable.Range(1, 20).SelectMany(c => talk.Exchange(c % 7, c)));
        var (first, second) = (ProjectionHarness.NewSchema(), ProjectionHarness.NewSchema());

        // Different batch sizes interleave topics differently; the tables must not care.
        var a = await StartAsync(h, first, maxBatch: 7);
        var b = await StartAsync(h, second, maxBatch: 500);
        await h.WaitProjectedAsync(first);
        await h.WaitProjectedAsync(second);
        await StopAsync(a);
        await StopAsync(b);

        var sums = await h.ChecksumsAsync(first);
        Assert.Equal(sums, await h.ChecksumsAsync(second));
        Assert.StartsWith("40:", sums["messages"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_crash_between_writing_a_batch_and_committing_it_loses_nothing_and_duplicates_nothing()
    {
        await using var h = await ProjectionHarness.StartAsync(stack);
        var talk = new Conversation();
        h.Produce(Enumerable.Range(1, 15).SelectMany(c => talk.Exchange(c % 4, c)));
        var (crashing, reference) = (ProjectionHarness.NewSchema(), ProjectionHarness.NewSchema());

        var store = await h.MigratedStoreAsync(crashing);
        var batches = 0;
        store.BeforeCommit = _ => ++batches == 3 ? throw new InvalidOperationException("simulated crash between statements") : Task.CompletedTask;
        using (var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken))
        {
            var crash = await Assert.ThrowsAsync<InvalidOperationException>(() => h.Projector(store, maxBatch: 10).RunAsync(cts.Token));
            Assert.Contains("simulated", crash.Message, StringComparison.Ordinal);
        }

        Assert.True(await h.ScalarAsync<long>(crashing, "SELECT coalesce(sum(next_offset), 0)::bigint FROM projection_offsets") < h.Produced);
        store.BeforeCommit = null;
        var restart = h.Projector(store, maxBatch: 10);
        using var restartCts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = restart.RunAsync(restartCts.Token);
        var clean = await StartAsync(h, reference);
        await h.WaitProjectedAsync(crashing);
        await h.WaitProjectedAsync(reference);
        await restartCts.CancelAsync();
        await run;
        await StopAsync(clean);

        Assert.Equal(await h.ChecksumsAsync(reference), await h.ChecksumsAsync(crashing));
        Assert.Equal(45L, await h.ScalarAsync<long>(crashing, "SELECT count(*) FROM message_status_history WHERE status <> 'PENDING' AND from_me"));
    }

    [Fact]
    public async Task Statuses_arriving_out_of_order_never_move_a_message_backwards()
    {
        await using var h = await ProjectionHarness.StartAsync(stack);
        var talk = new Conversation();
        // READ is read first, before the message itself exists; a late DELIVERY_ACK and the send's PENDING follow.
        h.Produce([talk.Status("M1", 1, "READ", at: 30), talk.Status("M1", 1, "DELIVERY_ACK", at: 20), talk.Sent("M1", 1, "hi", "c1"),
            talk.Status("M2", 1, "PLAYED"), talk.Status("M2", 1, "SERVER_ACK"), talk.Status("M2", 1, "DELETED"), talk.Status("M2", 1, "READ")]);
        var schema = ProjectionHarness.NewSchema();

        var projector = await StartAsync(h, schema, maxBatch: 1);
        await h.WaitProjectedAsync(schema);
        await StopAsync(projector);

        Assert.Equal("READ", await h.ScalarAsync<string>(schema, "SELECT status FROM message_status WHERE key_id = 'M1'"));
        Assert.Equal("DELETED", await h.ScalarAsync<string>(schema, "SELECT status FROM message_status WHERE key_id = 'M2'"));
        Assert.Equal(3L, await h.ScalarAsync<long>(schema, "SELECT count(*) FROM message_status_history WHERE key_id = 'M1'"));
        Assert.Equal("hi", await h.ScalarAsync<string>(schema, "SELECT content->>'conversation' FROM messages WHERE key_id = 'M1'"));
    }

    [Fact]
    public async Task Chat_and_contact_fields_each_keep_their_latest_value_whatever_order_and_batching()
    {
        await using var h = await ProjectionHarness.StartAsync(stack);
        var talk = new Conversation();
        Contact Picture(string url) => new() { RemoteJid = Conversation.Jid(1), ProfilePicUrl = url, InstanceId = "iid" };
        Chat Unread(uint count) => new() { RemoteJid = Conversation.Jid(1), InstanceId = "iid", UnreadMessages = count };
        // Each field's newer event comes first and an older one after it; names and pictures travel on separate events.
        h.Produce([
            talk.Inbound("M1", 1, "hi"),
            talk.Event(e => e.ContactsUpsert = new ContactList { Items = { new Contact { RemoteJid = Conversation.Jid(1), PushName = "new", InstanceId = "iid" } } }, secondsOverride: 50),
            talk.Event(e => e.ContactsUpsert = new ContactList { Items = { Picture("pic-new") } }, secondsOverride: 30),
            talk.Event(e => e.ContactsUpsert = new ContactList { Items = { new Contact { RemoteJid = Conversation.Jid(1), PushName = "old", InstanceId = "iid" } } }, secondsOverride: 10),
            talk.Event(e => e.ContactsUpsert = new ContactList { Items = { Picture("pic-old") } }, secondsOverride: 15),
            talk.Event(e => e.ChatsUpdate = new ChatList { Items = { Unread(5) } }, secondsOverride: 40),
            talk.Event(e => e.ChatsUpdate = new ChatList { Items = { Unread(2) } }, secondsOverride: 20),
        ]);
        var (single, whole) = (ProjectionHarness.NewSchema(), ProjectionHarness.NewSchema());

        var a = await StartAsync(h, single, maxBatch: 1);
        var b = await StartAsync(h, whole, maxBatch: 500);
        await h.WaitProjectedAsync(single);
        await h.WaitProjectedAsync(whole);
        await StopAsync(a);
        await StopAsync(b);

        foreach (var schema in new[] { single, whole })
        {
            Assert.Equal("new|pic-new", await h.ScalarAsync<string>(schema, "SELECT push_name || '|' || profile_pic_url FROM contacts"));
            Assert.Equal(40.0, await h.ScalarAsync<double>(schema, "SELECT extract(epoch FROM updated_at - created_at)::float8 FROM contacts"));
            Assert.Equal(5, await h.ScalarAsync<int>(schema, "SELECT unread_messages FROM chats"));
            Assert.Equal("M1", await h.ScalarAsync<string>(schema, "SELECT last_message_key_id FROM chats"));
            Assert.Equal(39.0, await h.ScalarAsync<double>(schema, "SELECT extract(epoch FROM updated_at - created_at)::float8 FROM chats"));
        }

        Assert.Equal(await h.ChecksumsAsync(single), await h.ChecksumsAsync(whole));
    }

    [Fact]
    public async Task Command_outcomes_keep_the_terminal_state_whatever_order_they_arrive_in()
    {
        await using var h = await ProjectionHarness.StartAsync(stack);
        var talk = new Conversation();
        h.Produce([
            talk.Event(e => e.CommandExecuted = new CommandExecuted { CommandId = "c1", Command = "send_text", MessageId = "M1", RemoteJid = Conversation.Jid(1), Detail = "ok" }, "c1"),
            talk.Event(e => e.CommandAccepted = new CommandAccepted { CommandId = "c1", Command = "send_text", IdempotencyKey = "order-1", DelayReason = "drip" }, "c1"),
            talk.Event(e => e.CommandRejected = new CommandRejected { CommandId = "c2", Command = "send_text", Reason = "'number' is required", Field = "number", HttpStatus = 400, Stage = "validation" }, "c2"),
            talk.Event(e => e.CommandRejected = new CommandRejected { CommandId = "c3", Command = "send_text", Reason = "repeat", DuplicateOf = "c1", HttpStatus = 409 }, "c3"),
            talk.Event(e => e.CommandAccepted = new CommandAccepted { CommandId = "c4", Command = "send_text", NotBefore = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero)) }, "c4"),
            talk.Event(e => e.CommandOutcomeUnknown = new CommandOutcomeUnknown { CommandId = "c5", Command = "send_text", Reason = "crashed mid-send", MessageId = "M5" }, "c5"),
        ]);
        var schema = ProjectionHarness.NewSchema();

        var projector = await StartAsync(h, schema, maxBatch: 1);
        await h.WaitProjectedAsync(schema);
        await StopAsync(projector);

        Assert.Equal("executed|M1|ok|order-1", await h.ScalarAsync<string>(schema, "SELECT concat_ws('|', state, message_id, detail, idempotency_key) FROM command_outcomes WHERE command_id = 'c1'"));
        Assert.Equal("rejected|number|400|validation", await h.ScalarAsync<string>(schema, "SELECT concat_ws('|', state, field, http_status, stage) FROM command_outcomes WHERE command_id = 'c2'"));
        Assert.Equal("rejected|c1|409", await h.ScalarAsync<string>(schema, "SELECT concat_ws('|', state, duplicate_of, http_status) FROM command_outcomes WHERE command_id = 'c3'"));
        Assert.Equal("accepted|2030", await h.ScalarAsync<string>(schema, "SELECT concat_ws('|', state, extract(year FROM not_before AT TIME ZONE 'UTC')) FROM command_outcomes WHERE command_id = 'c4'"));
        Assert.Equal("unknown|M5|crashed mid-send", await h.ScalarAsync<string>(schema, "SELECT concat_ws('|', state, message_id, reason) FROM command_outcomes WHERE command_id = 'c5'"));
    }
}

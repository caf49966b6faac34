using System.Diagnostics;
using Confluent.Kafka;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Evostream.Contracts.WireFormat;
using Evostream.Platform.Configuration;
using Evostream.Platform.Embedded;
using Evostream.Platform.Kafka;
using Evostream.Projections;
using Evostream.Projections.Migrations;
using Evostream.Projections.Reading;
using Evostream.Projections.Rebuild;
using Evostream.Projections.Storage;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

// dotnet run -c Release --project bench/Evostream.ProjectionsBench -- [events, default 1000000]
// On the embedded stack (librdkafka's mock cluster, a private PostgreSQL): fills per-instance event topics with a
// simulated conversation, rebuilds the read models from offset zero and reports events/s, then measures how long a
// new message takes from produce to its row with a live projector.
var total = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000;
const string Prefix = "bench";
const int Instances = 10;
string[] kinds = ["messages.upsert", "send.message", "messages.update", "chats.update", "contacts.upsert", "command.accepted", "command.executed"];

using var kafka = EmbeddedKafka.Start(1);
var dataDir = Path.Combine(Path.GetTempPath(), $"evostream-bench-pg-{Environment.ProcessId}");
await using var postgres = await PrivatePostgres.StartAsync(dataDir, durable: false);
var settings = new SettingsReader(n => n switch { "KAFKA_BROKERS" => kafka.BootstrapServers, "KAFKA_TOPIC_PREFIX" => Prefix, "EVOSTREAM_MODE" => "dev", _ => null }).Read().Kafka;
var configs = new KafkaClientConfigs(settings);
for (var i = 0; i < Instances; i++)
{
    foreach (var kind in kinds)
    {
        // librdkafka's mock broker keeps about 5 MB per partition and drops older records: spread the log so none is dropped.
        kafka.CreateTopic(EvolutionTopics.PerInstance(Prefix, $"inst{i}", kind), 6, 1);
    }
}

var publishing = new EventPublishing(Prefix, true, false, "http://localhost:8080");
var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
var produceClock = Stopwatch.StartNew();
using (var producer = new ProducerBuilder<string, byte[]>(configs.Producer("bench")).Build())
{
    for (var n = 0; n < total; n++)
    {
        foreach (var record in EventRecords.Json(Event(n), publishing))
        {
            var message = new Message<string, byte[]> { Key = record.Key, Value = record.Value, Headers = [] };
            foreach (var (k, v) in record.Headers)
            {
                message.Headers.Add(k, System.Text.Encoding.UTF8.GetBytes(v));
            }

            while (true)
            {
                try
                {
                    producer.Produce(record.Topic, message);
                    break;
                }
                catch (ProduceException<string, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(50));
                }
            }
        }
    }

    producer.Flush(TimeSpan.FromMinutes(5));
}

Console.WriteLine($"produced {total:N0} events in {produceClock.Elapsed.TotalSeconds:F1} s");

var projections = ProjectionsSettings.Default with { Schema = "evostream", MaxBatch = 5_000 };
var topics = new InputTopics(settings);
var batches = new RecordBatch(new EventRecordReader(new ProtobufWireDeserializer<EventEnvelope>()), topics);
var rebuilder = new Rebuilder(configs, projections, topics, batches, new Migrator(NullLogger<Migrator>.Instance), postgres.ConnectionString);
var lastPrint = TimeSpan.Zero;
var result = await rebuilder.RunAsync(new Progress<RebuildProgress>(p =>
{
    if (p.Elapsed - lastPrint > TimeSpan.FromSeconds(10))
    {
        lastPrint = p.Elapsed;
        Console.WriteLine($"  {p.Events:N0}/{p.Total:N0}  {p.EventsPerSecond:N0} events/s");
    }
}), CancellationToken.None);
Console.WriteLine($"rebuild: {result.Events:N0} events from {result.Partitions} partitions in {result.Elapsed.TotalSeconds:F1} s = {result.EventsPerSecond:N0} events/s");

// Latency: a live projector caught up, then single messages produced one at a time.
await using var source = ProjectionStore.CreateDataSource(postgres.ConnectionString, projections.Schema);
var store = new ProjectionStore(source, projections.Schema);
using var cts = new CancellationTokenSource();
var projector = new Projector(configs, projections with { GroupId = "bench-live" }, store, batches, topics, TimeProvider.System, NullLogger<Projector>.Instance);
var live = projector.RunAsync(cts.Token);
await WaitAsync("SELECT count(*) FROM projection_offsets", 1, TimeSpan.FromMinutes(2));
await Task.Delay(2000);
var latencies = new List<double>();
using (var producer = new ProducerBuilder<string, byte[]>(configs.Producer("bench-latency")).Build())
{
    for (var i = 0; i < 20; i++)
    {
        var keyId = $"LAT{i:D4}";
        var envelope = Envelope(total + i, "inst0", e => e.MessagesUpsert = Message(keyId, 1, false, "ping", "DELIVERY_ACK", 0));
        var record = EventRecords.Json(envelope, publishing)[0];
        var message = new Message<string, byte[]> { Key = record.Key, Value = record.Value, Headers = [] };
        foreach (var (k, v) in record.Headers)
        {
            message.Headers.Add(k, System.Text.Encoding.UTF8.GetBytes(v));
        }

        var clock = Stopwatch.StartNew();
        await producer.ProduceAsync(record.Topic, message);
        await WaitAsync($"SELECT count(*) FROM messages WHERE key_id = '{keyId}'", 1, TimeSpan.FromSeconds(30));
        latencies.Add(clock.Elapsed.TotalMilliseconds);
    }
}

latencies.Sort();
Console.WriteLine($"event->row latency over {latencies.Count} messages: median {latencies[latencies.Count / 2]:F0} ms, max {latencies[^1]:F0} ms");
await cts.CancelAsync();
await live;
Directory.Delete(dataDir, true);
return 0;

async Task WaitAsync(string sql, long atLeast, TimeSpan timeout)
{
    var deadline = Stopwatch.StartNew();
    while (deadline.Elapsed < timeout)
    {
        await using var command = source.CreateCommand(sql);
        if ((long)(await command.ExecuteScalarAsync())! >= atLeast)
        {
            return;
        }

        await Task.Delay(5);
    }

    throw new TimeoutException(sql);
}

EventEnvelope Event(int n)
{
    var instance = $"inst{n % Instances}";
    var contact = n / Instances % 500;
    var round = n / Instances / 7;
    var keyId = $"K{n / Instances / 7:D8}C{contact}";
    return (n / Instances % 7) switch
    {
        0 => Envelope(n, instance, e => e.MessagesUpsert = Message("I" + keyId, contact, false, $"hello {round}", "DELIVERY_ACK", n)),
        1 => Envelope(n, instance, e => e.CommandAccepted = new CommandAccepted { CommandId = $"c{instance}{keyId}", Command = "send_text", IdempotencyKey = keyId }),
        2 => Envelope(n, instance, e => e.SendMessage = Message("O" + keyId, contact, true, $"reply {round}", "PENDING", n)),
        3 => Envelope(n, instance, e => e.CommandExecuted = new CommandExecuted { CommandId = $"c{instance}{keyId}", Command = "send_text", MessageId = "O" + keyId }),
        4 => Envelope(n, instance, e => e.MessagesUpdate = new MessageUpdate { KeyId = "O" + keyId, RemoteJid = Jid(contact), FromMe = true, Status = "READ" }),
        5 => Envelope(n, instance, e => e.ChatsUpdate = new ChatList { Items = { new Chat { RemoteJid = Jid(contact), UnreadMessages = (uint)(round % 3) } } }),
        _ => Envelope(n, instance, e => e.ContactsUpsert = new ContactList { Items = { new Contact { RemoteJid = Jid(contact), PushName = $"Contact {contact}" } } }),
    };
}

EventEnvelope Envelope(int n, string instance, Action<EventEnvelope> data)
{
    var envelope = new EventEnvelope { EventId = $"e{n}", Instance = instance, OccurredAt = Timestamp.FromDateTimeOffset(start.AddMilliseconds(n)) };
    data(envelope);
    return envelope;
}

static string Jid(int contact) => $"55119{contact:D8}@s.whatsapp.net";

MessageRecord Message(string keyId, int contact, bool fromMe, string text, string status, int n) => new()
{
    Key = new MessageKey { Id = keyId, RemoteJid = Jid(contact), FromMe = fromMe },
    Status = status,
    Message = new WaMessage { Conversation = text },
    MessageType = "conversation",
    MessageTimestamp = (uint)(start.ToUnixTimeSeconds() + (n / 1000)),
    Source = "android",
};

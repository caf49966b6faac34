using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Confluent.Kafka;
using Evostream.CommandProcessor.Intake;
using Evostream.CommandProcessor.Scheduling;
using Evostream.CommandProcessor.State;
using Evostream.CommandProcessor.Validation;
using Evostream.Contracts.Commands;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.Ids;
using Evostream.Contracts.V1;
using Evostream.Platform.Kafka;
using Evostream.Platform.Streaming;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Evostream.CommandProcessor.Output;

/// <summary>Everything the processor writes, into the loop's open transaction.</summary>
internal sealed class ProcessorOutput(StageTopics topics, EventEncoder encoder, EventPublishing publishing, TimeProvider clock)
{
    private readonly Dictionary<(int Partition, string Key), Func<byte[]>?> _state = [];

    /// <summary>Releases a command to the connector: canonical JSON on the accepted-commands topic, keyed by instance.</summary>
    public void Release(TransactionOutput output, CommandEnvelope command, DateTimeOffset? notBefore, string? reason)
    {
        var headers = new Headers
        {
            { CommandHeaders.CommandId, Utf8(command.CommandId) },
            { CommandHeaders.ContentType, Utf8(CommandHeaders.JsonContentType) },
            { CommandHeaders.ReleasedAt, Utf8(clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)) },
        };
        if (notBefore is { } at)
        {
            headers.Add(CommandHeaders.NotBefore, Utf8(at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));
            headers.Add(CommandHeaders.DelayReason, Utf8(reason ?? ""));
        }

        output.Produce(topics.AcceptedCommands, Utf8(command.Instance), CommandJson.Write(command), headers);
    }

    public async ValueTask AcceptedEventAsync(TransactionOutput output, CommandEnvelope command, DateTimeOffset? notBefore, string? reason, CancellationToken ct)
    {
        var accepted = new CommandAccepted { CommandId = command.CommandId, Command = CommandNames.NameOf(command.CommandCase) };
        if (command.IdempotencyKey.Length > 0)
        {
            accepted.IdempotencyKey = command.IdempotencyKey;
        }

        if (notBefore is { } at)
        {
            accepted.NotBefore = Timestamp.FromDateTimeOffset(at);
        }

        if (reason is not null)
        {
            accepted.DelayReason = reason;
        }

        await EventAsync(output, command.Instance, command.CommandId, new EventEnvelope { CommandAccepted = accepted }, ct);
    }

    /// <summary>
    /// A rejection: always on the rejected-commands topic (the original value, with the reason in headers), and as a
    /// <c>command.rejected</c> event when the instance exists and so has event topics.
    /// </summary>
    public async ValueTask RejectAsync(TransactionOutput output, RejectedCommand rejected, bool instanceExists, CancellationToken ct)
    {
        var r = rejected.Rejection;
        var headers = new Headers
        {
            { CommandHeaders.CommandId, Utf8(rejected.CommandId) },
            { CommandHeaders.RejectionField, Utf8(r.Field) },
            { CommandHeaders.RejectionReason, Utf8(r.Message) },
            { CommandHeaders.HttpStatus, Utf8(r.HttpStatus.ToString(CultureInfo.InvariantCulture)) },
        };
        if (r.DuplicateOf is not null)
        {
            headers.Add(CommandHeaders.DuplicateOf, Utf8(r.DuplicateOf));
        }

        output.Produce(topics.RejectedCommands, rejected.Instance.Length > 0 ? Utf8(rejected.Instance) : null, rejected.Value, headers);
        if (!instanceExists || rejected.Instance.Length == 0)
        {
            return;
        }

        var data = new CommandRejected { CommandId = rejected.CommandId, Command = rejected.Command, Reason = r.Message, Stage = "validation", HttpStatus = r.HttpStatus };
        if (r.Field.Length > 0)
        {
            data.Field = r.Field;
        }

        if (rejected.IdempotencyKey.Length > 0)
        {
            data.IdempotencyKey = rejected.IdempotencyKey;
        }

        if (r.DuplicateOf is not null)
        {
            data.DuplicateOf = r.DuplicateOf;
        }

        await EventAsync(output, rejected.Instance, rejected.CommandId, new EventEnvelope { CommandRejected = data }, ct);
    }

    public static void Schedule(TransactionOutput output, string schedulesTopic, int partition, ScheduledCommand entry)
    {
        var message = ScheduleRecords.Write(entry);
        output.Produce(new TopicPartition(schedulesTopic, partition), message.Key, message.Value, message.Headers);
    }

    public void Unschedule(TransactionOutput output, int partition, string scheduleId) =>
        output.Produce(new TopicPartition(topics.Schedules, partition), ScheduleRecords.Key(scheduleId), null);

    /// <summary>
    /// Sets a processor-state entry (null: deletes it) in the open transaction. Written by <see cref="FlushState"/>,
    /// last value per key only: the topic is compacted and a transaction's records become visible together, so the
    /// values a key held in between could never be read back. An instance's rate state changes with every send, so
    /// this keeps it to one record per instance and batch instead of one per command.
    /// </summary>
    public void State<T>(int partition, string key, T? value, JsonTypeInfo<T> type) where T : class =>
        _state[(partition, key)] = value is null ? null : () => JsonSerializer.SerializeToUtf8Bytes(value, type);

    /// <summary>Produces the state entries set since the last flush; call before the transaction commits.</summary>
    public void FlushState(TransactionOutput output)
    {
        foreach (var ((partition, key), value) in _state)
        {
            output.Produce(new TopicPartition(topics.ProcessorState, partition), Utf8(key), value?.Invoke());
        }

        _state.Clear();
    }

    /// <summary>Forgets unflushed entries of <paramref name="partition"/>: its transaction was aborted, or it left.</summary>
    public void DropState(int partition)
    {
        foreach (var key in _state.Keys.Where(k => k.Partition == partition).ToList())
        {
            _state.Remove(key);
        }
    }

    private async ValueTask EventAsync(TransactionOutput output, string instance, string commandId, EventEnvelope envelope, CancellationToken ct)
    {
        envelope.Instance = instance;
        envelope.CausationCommandId = commandId;
        envelope.OccurredAt = Timestamp.FromDateTimeOffset(clock.GetUtcNow());
        envelope.EventId = CommandIds.EventId(commandId, EvolutionEvents.NameOf(envelope.DataCase));
        foreach (var record in await encoder.EncodeAsync(envelope, publishing, ct: ct))
        {
            var headers = new Headers();
            foreach (var (name, value) in record.Headers)
            {
                headers.Add(name, Utf8(value));
            }

            output.Produce(record.Topic, Utf8(record.Key), record.Value, headers);
        }
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}

/// <summary>A command the processor refused, with what a rejection record needs.</summary>
internal sealed record RejectedCommand(string Instance, string CommandId, string Command, string IdempotencyKey, byte[]? Value, Rejection Rejection);

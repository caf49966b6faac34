using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Evostream.CommandProcessor.Configuration;
using Evostream.CommandProcessor.Idempotency;
using Evostream.CommandProcessor.Intake;
using Evostream.CommandProcessor.Output;
using Evostream.CommandProcessor.Repartition;
using Evostream.CommandProcessor.Scheduling;
using Evostream.CommandProcessor.State;
using Evostream.CommandProcessor.Validation;
using Evostream.Contracts.Commands;
using Evostream.Contracts.Ids;
using Evostream.Contracts.V1;
using Evostream.Platform.Kafka;
using Evostream.Platform.Streaming;
using Microsoft.Extensions.Logging;
using Case = Evostream.Contracts.V1.CommandEnvelope.CommandOneofCase;

namespace Evostream.CommandProcessor;

/// <summary>
/// The command processor's stage on the transactional loop: intake, idempotency, validation against instance state,
/// rate shaping and scheduling. Its state lives in compacted topics written in the same transaction as its output,
/// and is restored per partition on assignment, so a restart or rebalance neither loses nor repeats a command.
/// </summary>
internal sealed partial class CommandProcessorTask(
    CommandProcessorSettings settings,
    StageTopics topics,
    KafkaClientConfigs configs,
    string groupId,
    CommandRouter router,
    CommandIntake intake,
    ProcessorOutput output,
    Func<string, CancellationToken, Task> ensureInstanceTopics,
    TimeProvider clock,
    ILogger logger) : IStreamTask, IDisposable
{
    private static readonly TimeSpan s_sweepEvery = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan s_connectorCatchUp = TimeSpan.FromSeconds(2);
    private readonly Dictionary<int, PartitionState> _partitions = [];
    private readonly CoPartitioning _coPartitioning = new(topics, configs, CommandProcessorSettings.Role);
    private StateTopicReader? _instanceStates;
    private bool _instanceStatesPolled;
    private long _sequence;
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    public Task OnAssignedAsync(IReadOnlyCollection<TopicPartition> partitions, CancellationToken ct)
    {
        // Partition p's state serves the commands of both topics' partition p, so both must be here (or neither).
        _coPartitioning.Check(partitions);
        var mine = partitions.Where(p => p.Topic == topics.Commands).Select(p => p.Partition.Value).ToList();
        if (mine.Count == 0)
        {
            return Task.CompletedTask;
        }

        // Read on every assignment: Kafka rebalances a group when a subscribed topic gains partitions.
        router.UsePartitionCount(_coPartitioning.PartitionCount());

        foreach (var p in mine)
        {
            _partitions[p] = new PartitionState(p);
        }

        using (var own = new StateTopicReader(configs, CommandProcessorSettings.Role, groupId + "-restore"))
        {
            own.AssignAndReadToEnd([.. mine.SelectMany(p => new[] { new TopicPartition(topics.ProcessorState, p), new TopicPartition(topics.Schedules, p) })], ApplyOwn, ct);
        }

        _instanceStates ??= new StateTopicReader(configs, CommandProcessorSettings.Role, groupId + "-instance-state");
        _instanceStates.AssignAndReadToEnd([.. mine.Select(p => new TopicPartition(topics.InstanceState, p))], ApplyInstanceState, ct);
        LogRestored(logger, string.Join(", ", mine), mine.Sum(p => _partitions[p].Schedules.Count));
        return Task.CompletedTask;
    }

    public Task OnRevokedAsync(IReadOnlyCollection<TopicPartition> partitions, CancellationToken ct)
    {
        var mine = partitions.Where(p => p.Topic == topics.Commands).Select(p => p.Partition.Value).ToList();
        foreach (var p in mine)
        {
            _partitions.Remove(p);
            output.DropState(p);
        }

        _instanceStates?.Unassign([.. mine.Select(p => new TopicPartition(topics.InstanceState, p))]);
        return Task.CompletedTask;
    }

    public async ValueTask ProcessAsync(ConsumeResult<byte[]?, byte[]?> record, TransactionOutput output1, CancellationToken ct)
    {
        if (await router.TryMoveHomeAsync(record, output1, ct))
        {
            return;
        }

        // The connector's state arrives whenever it arrives: catching up once per batch sees it as soon as any
        // per-record poll would in practice, and a poll costs tens of microseconds, more than the rest of a command.
        if (!_instanceStatesPolled)
        {
            _instanceStates?.Poll(ApplyInstanceState);
            _instanceStatesPolled = true;
        }

        switch (await intake.ReadAsync(record, ct))
        {
            case Intake.Intake.Unattributable dead:
                LogDeadLettered(logger, record.TopicPartitionOffset.ToString(), dead.Reason);
                output1.Produce(topics.DeadLetter, record.Message.Key, record.Message.Value,
                    DeadLetterHeaders.For(record, CommandProcessorSettings.Role, new InvalidDataException(dead.Reason)));
                break;
            case Intake.Intake.Refused refused:
                await output.RejectAsync(output1, refused.Rejected, FactsAnywhere(refused.Rejected.Instance).Exists, ct);
                break;
            case Intake.Intake.Command command:
                var state = _partitions.TryGetValue(record.Partition.Value, out var s)
                    ? s : throw new InvalidOperationException($"{record.TopicPartition} is not assigned to this replica.");
                await HandleAsync(state, command.Envelope, record.Message.Value, output1, ct);
                break;
        }
    }

    public async ValueTask PumpAsync(TransactionOutput output1, CancellationToken ct)
    {
        _instanceStates?.Poll(ApplyInstanceState);
        var now = clock.GetUtcNow();
        foreach (var state in _partitions.Values)
        {
            foreach (var instance in state.Schedules.InstancesHolding.ToList())
            {
                if (state.Facts(instance).IsOpen)
                {
                    await ReleaseHeldAsync(state, instance, output1, ct);
                }
            }

            foreach (var due in state.Schedules.DueAt(now))
            {
                output.Release(output1, due.Command, due.Due, due.Reason);
                output.Unschedule(output1, state.Partition, due.ScheduleId);
                state.Schedules.Remove(due.ScheduleId);
            }

            if (now >= _nextSweep)
            {
                foreach (var (instance, key) in IdempotencyIndex.Expired(state, settings.IdempotencyWindow, now))
                {
                    state.Idempotency.Remove((instance, key));
                    output.State(state.Partition, ProcessorStateKeys.Idempotency(instance, key), null, ProcessorStateJson.Default.IdempotencyEntry);
                }
            }
        }

        if (now >= _nextSweep)
        {
            _nextSweep = now + s_sweepEvery;
        }

        output.FlushState(output1);
        _instanceStatesPolled = false;
    }

    public void Dispose() => _instanceStates?.Dispose();

    private async ValueTask HandleAsync(PartitionState state, CommandEnvelope command, byte[]? value, TransactionOutput o, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var instance = command.Instance;
        var facts = state.Facts(instance);
        ValueTask Reject(Rejection rejection) => output.RejectAsync(o,
            new RejectedCommand(instance, command.CommandId, CommandNames.NameOf(command.CommandCase), command.IdempotencyKey, value, rejection), facts.Exists, ct);

        var original = IdempotencyIndex.Original(state, instance, command.IdempotencyKey, settings.IdempotencyWindow, now);
        if ((InstanceRules.Repeat(command, original) ?? InstanceRules.Existence(command, facts) ?? ContentRules.Check(command)) is { } rejection)
        {
            await Reject(rejection);
            return;
        }

        if (SendTiming.IsSend(command))
        {
            if (!facts.IsOpen && CaughtUpWithConnector(state))
            {
                facts = state.Facts(instance);
            }

            if (!facts.IsOpen)
            {
                if (InstanceRules.Connection(command, facts) is { } closed)
                {
                    await Reject(closed);
                    return;
                }

                Accepted(state, command, now, o);
                Schedule(state, o, new ScheduledCommand(command.CommandId, command, null, "until-connected", ++_sequence));
                await output.AcceptedEventAsync(o, command, null, "until-connected", ct);
                return;
            }

            // Held sends go first, so a send arriving just as its instance connects does not overtake them.
            await ReleaseHeldAsync(state, instance, o, ct);
            var timing = Plan(state, command, now);
            if (timing.Rejection is { } late)
            {
                await Reject(late);
                return;
            }

            Accepted(state, command, now, o);
            ApplyTiming(state, command, timing, o);
            await output.AcceptedEventAsync(o, command, timing.NotBefore, timing.Reason, ct);
            return;
        }

        if (command.CommandCase == Case.CreateInstance)
        {
            await CreateAsync(state, command, now, o, ct);
        }
        else if (command.CommandCase == Case.DeleteInstance)
        {
            SetOwnView(state, o, instance, new OwnInstanceView(false, "", false, command.CommandId, now));
        }

        Accepted(state, command, now, o);
        output.Release(o, command, null, null);
        await output.AcceptedEventAsync(o, command, null, null, ct);
    }

    // The connector may have committed "open" a moment before this replica fetched it; a user who saw the state
    // change over REST and sent at once must not be told the instance is closed. Only the closed path pays for this.
    private bool CaughtUpWithConnector(PartitionState state) =>
        _instanceStates?.CatchUp(new TopicPartition(topics.InstanceState, state.Partition), ApplyInstanceState, s_connectorCatchUp) ?? false;

    private async ValueTask CreateAsync(PartitionState state, CommandEnvelope command, DateTimeOffset now, TransactionOutput o, CancellationToken ct)
    {
        var create = command.CreateInstance;
        if (create.InstanceId.Length == 0)
        {
            create.InstanceId = CommandIds.InstanceId(command.CommandId);
        }

        // Its command.accepted event goes to the instance's own topics, which must exist before the transaction commits.
        await ensureInstanceTopics(command.Instance, ct);
        SetOwnView(state, o, command.Instance, new OwnInstanceView(true, create.InstanceId, create.Settings?.HoldUntilConnected ?? false, command.CommandId, now));
    }

    private Timing Plan(PartitionState state, CommandEnvelope command, DateTimeOffset now)
    {
        var rates = state.Rates.TryGetValue(command.Instance, out var r) ? r : RateState.Empty();
        return SendTiming.Plan(command, rates, settings.RatesFor(command.Instance), settings, now);
    }

    private void ApplyTiming(PartitionState state, CommandEnvelope command, Timing timing, TransactionOutput o)
    {
        if (timing.Reserved is { } reserved)
        {
            state.Rates[command.Instance] = reserved;
            output.State(state.Partition, ProcessorStateKeys.Rate(command.Instance), reserved, ProcessorStateJson.Default.RateState);
        }

        if (timing.NotBefore is { } at)
        {
            Schedule(state, o, new ScheduledCommand(command.CommandId, command, at, timing.Reason ?? "", ++_sequence));
        }
        else
        {
            output.Release(o, command, null, null);
        }
    }

    private async ValueTask ReleaseHeldAsync(PartitionState state, string instance, TransactionOutput o, CancellationToken ct)
    {
        foreach (var held in state.Schedules.Held(instance))
        {
            var timing = Plan(state, held.Command, clock.GetUtcNow());
            state.Schedules.Remove(held.ScheduleId);
            if (timing.Rejection is { } late)
            {
                output.Unschedule(o, state.Partition, held.ScheduleId);
                await output.RejectAsync(o, new RejectedCommand(instance, held.Command.CommandId, CommandNames.NameOf(held.Command.CommandCase),
                    held.Command.IdempotencyKey, CommandJson.Write(held.Command), late), instanceExists: true, ct);
                continue;
            }

            if (timing.NotBefore is null)
            {
                output.Unschedule(o, state.Partition, held.ScheduleId);
            }

            // A later time overwrites the held record under the same schedule id.
            ApplyTiming(state, held.Command, timing, o);
        }
    }

    private void Accepted(PartitionState state, CommandEnvelope command, DateTimeOffset now, TransactionOutput o)
    {
        if (command.IdempotencyKey.Length == 0)
        {
            return;
        }

        var entry = new IdempotencyEntry(command.CommandId, now);
        state.Idempotency[(command.Instance, command.IdempotencyKey)] = entry;
        output.State(state.Partition, ProcessorStateKeys.Idempotency(command.Instance, command.IdempotencyKey), entry, ProcessorStateJson.Default.IdempotencyEntry);
    }

    private void SetOwnView(PartitionState state, TransactionOutput o, string instance, OwnInstanceView view)
    {
        state.Own[instance] = view;
        output.State(state.Partition, ProcessorStateKeys.View(instance), view, ProcessorStateJson.Default.OwnInstanceView);
    }

    private void Schedule(PartitionState state, TransactionOutput o, ScheduledCommand entry)
    {
        state.Schedules.Put(entry);
        ProcessorOutput.Schedule(o, topics.Schedules, state.Partition, entry);
    }

    private InstanceFacts FactsAnywhere(string instance) =>
        _partitions.Values.Select(p => p.Facts(instance)).FirstOrDefault(f => f.Exists, InstanceFacts.Unknown);

    private void ApplyOwn(ConsumeResult<byte[]?, byte[]?> record)
    {
        if (!_partitions.TryGetValue(record.Partition.Value, out var state))
        {
            return;
        }

        try
        {
            if (record.Topic == topics.Schedules)
            {
                var entry = ScheduleRecords.Read(record.Message, ++_sequence);
                if (entry is null)
                {
                    state.Schedules.Remove(Encoding.UTF8.GetString(record.Message.Key!));
                }
                else
                {
                    state.Schedules.Put(entry);
                }

                return;
            }

            var key = Encoding.UTF8.GetString(record.Message.Key ?? []);
            var value = record.Message.Value;
            if (key.StartsWith(ProcessorStateKeys.ViewPrefix, StringComparison.Ordinal))
            {
                var instance = key[ProcessorStateKeys.ViewPrefix.Length..];
                Set(state.Own, instance, value, ProcessorStateJson.Default.OwnInstanceView);
            }
            else if (key.StartsWith(ProcessorStateKeys.RatePrefix, StringComparison.Ordinal))
            {
                Set(state.Rates, key[ProcessorStateKeys.RatePrefix.Length..], value, ProcessorStateJson.Default.RateState);
            }
            else if (key.StartsWith(ProcessorStateKeys.IdempotencyPrefix, StringComparison.Ordinal))
            {
                var rest = key[ProcessorStateKeys.IdempotencyPrefix.Length..];
                var split = rest.IndexOf('\n', StringComparison.Ordinal);
                Set(state.Idempotency, (rest[..split], rest[(split + 1)..]), value, ProcessorStateJson.Default.IdempotencyEntry);
            }
        }
        catch (Exception e) when (e is FormatException or JsonException or Google.Protobuf.InvalidProtocolBufferException or ArgumentException)
        {
            LogBadStateRecord(logger, record.TopicPartitionOffset.ToString(), e.Message);
        }
    }

    private static void Set<TKey, T>(Dictionary<TKey, T> map, TKey key, byte[]? value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where TKey : notnull
    {
        if (value is null || JsonSerializer.Deserialize(value, type) is not { } parsed)
        {
            map.Remove(key);
        }
        else
        {
            map[key] = parsed;
        }
    }

    private void ApplyInstanceState(ConsumeResult<byte[]?, byte[]?> record)
    {
        if (!_partitions.TryGetValue(record.Partition.Value, out var state) || record.Message.Key is null)
        {
            return;
        }

        var instance = Encoding.UTF8.GetString(record.Message.Key);
        if (record.Message.Value is null)
        {
            // The connector deletes an instance with a tombstone, and may do so without a delete command passing
            // through here. Kept as a dated "deleted" state (the record's time), so a create this processor accepted
            // earlier yields to it instead of outliving the instance.
            state.Connector[instance] = InstanceStateCodec.Deleted(instance, record.Message.Timestamp.UtcDateTime);
            return;
        }

        try
        {
            state.Connector[instance] = InstanceStateCodec.Read(record.Message.Value);
        }
        catch (FormatException e)
        {
            LogBadStateRecord(logger, record.TopicPartitionOffset.ToString(), e.Message);
        }
    }

    [LoggerMessage(LogLevel.Information, "command-processor: restored partitions {Partitions}; {Waiting} commands waiting")]
    private static partial void LogRestored(ILogger logger, string partitions, int waiting);

    [LoggerMessage(LogLevel.Warning, "command-processor: {Position} dead-lettered: {Reason}")]
    private static partial void LogDeadLettered(ILogger logger, string position, string reason);

    [LoggerMessage(LogLevel.Warning, "command-processor: state record {Position} skipped: {Reason}")]
    private static partial void LogBadStateRecord(ILogger logger, string position, string reason);
}

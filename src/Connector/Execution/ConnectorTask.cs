using System.Collections.Concurrent;
using Confluent.Kafka;
using Evostream.Connector.Configuration;
using Evostream.Platform.Credentials;
using Evostream.Connector.Drivers;
using Evostream.Connector.Events;
using Evostream.Connector.Ledger;
using Evostream.Connector.Sessions;
using Evostream.Contracts.Commands;
using Evostream.Contracts.Ids;
using Evostream.Contracts.V1;
using Evostream.Platform.Kafka;
using Evostream.Platform.Kafka.Topics;
using Evostream.Platform.Streaming;
using Google.Protobuf;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;
using Microsoft.Extensions.Logging;

namespace Evostream.Connector.Execution;

/// <summary>
/// Executes commands against WhatsApp inside the transactional loop. Records are only read and recorded in
/// <see cref="ProcessAsync"/>; the effects run in <see cref="PumpAsync"/>, once per batch: an "attempting" ledger
/// entry for every command with a WhatsApp effect commits first (a checkpoint that holds the batch's records back),
/// then the effects run (one instance's commands in order, instances side by side), then their events, "done"
/// entries and the input offsets commit together. A crash in between leaves "attempting" behind, which the next
/// owner reconciles with the driver instead of sending again (invariant 3).
/// </summary>
public sealed partial class ConnectorTask(
    ConnectorDependencies deps,
    string inputTopic,
    ILogger<ConnectorTask> logger) : IStreamTask
{
    // Ids are remembered as long as the ledger topic keeps their records: the catalog is the one place that says how long.
    private readonly CommandLedger _ledger = new(deps.Provisioner.ClusterTopic(deps.Topics.CommandLedger).Retention, deps.Time);
    private readonly ConcurrentDictionary<string, OwnedInstance> _instances = new(StringComparer.Ordinal);
    private readonly HashSet<int> _owned = [];
    private readonly List<PendingCommand> _batch = [];
    private readonly HashSet<string> _batchIds = new(StringComparer.Ordinal);
    private readonly List<(string Instance, SessionSignal Signal)> _uncommittedSignals = [];
    private readonly List<(string Instance, SessionSignal Signal)> _replay = [];

    private StageTopics Topics => deps.Topics;

    /// <summary>Instances whose session runs here now (for tests and diagnostics).</summary>
    public IReadOnlyCollection<string> RunningSessions => [.. _instances.Values.Where(i => i.Session is not null).Select(i => i.Name)];

    public async Task OnAssignedAsync(IReadOnlyCollection<TopicPartition> partitions, CancellationToken ct)
    {
        var numbers = partitions.Where(p => p.Topic == inputTopic).Select(p => p.Partition.Value).ToList();
        foreach (var number in numbers)
        {
            _owned.Add(number);
        }

        foreach (var group in ReadToEnd(Topics.CommandLedger, numbers, ct).GroupBy(r => r.Partition.Value))
        {
            _ledger.Load(group.Key, group.Where(r => r.Message.Value is { Length: > 0 }).Select(r => LedgerEntry.Parser.ParseFrom(r.Message.Value)));
        }

        foreach (var record in ReadToEnd(Topics.InstanceState, numbers, ct))
        {
            var instance = Instance(KeyOf(record), record.Partition.Value);
            instance.State = record.Message.Value is { Length: > 0 } value ? InstanceState.Parser.ParseFrom(value) : null;
        }

        foreach (var record in ReadToEnd(Topics.Sessions, numbers, ct))
        {
            var instance = Instance(KeyOf(record), record.Partition.Value);
            instance.SealedCredentials = record.Message.Value is { Length: > 0 } value ? System.Text.Encoding.UTF8.GetString(value) : null;
        }

        foreach (var instance in _instances.Values.Where(i => numbers.Contains(i.Partition) && i.Exists && i.SealedCredentials is not null && i.Session is null))
        {
            await ResumeAsync(instance, ct);
        }

        LogRestored(logger, string.Join(",", numbers), _instances.Values.Count(i => numbers.Contains(i.Partition) && i.Session is not null));
    }

    public async Task OnRevokedAsync(IReadOnlyCollection<TopicPartition> partitions, CancellationToken ct)
    {
        var numbers = partitions.Where(p => p.Topic == inputTopic).Select(p => p.Partition.Value).ToHashSet();
        foreach (var instance in _instances.Values.Where(i => numbers.Contains(i.Partition)).ToList())
        {
            // The next owner resumes these sessions once this returns: they must be closed by then.
            await CloseSessionAsync(instance, ct);
            _instances.TryRemove(instance.Name, out _);
        }

        foreach (var number in numbers)
        {
            _ledger.Drop(number);
            _owned.Remove(number);
        }

        // Whatever was read but not committed is read again after the rewind.
        _batch.Clear();
        _batchIds.Clear();
        _replay.AddRange(_uncommittedSignals);
        _uncommittedSignals.Clear();
    }

    public void OnCommitted() => _uncommittedSignals.Clear();

    public async ValueTask ProcessAsync(ConsumeResult<byte[]?, byte[]?> record, TransactionOutput output, CancellationToken ct)
    {
        var read = await deps.Reader.ReadAsync(record.Message.Value ?? [], ct);
        if (!read.IsValid)
        {
            throw new InvalidDataException("unreadable command: " + read.Error.Message);
        }

        var command = read.Envelope;
        if (command.CommandId.Length == 0)
        {
            throw new InvalidDataException("unreadable command: 'command_id' is required, it identifies the command's effects and events.");
        }

        var partition = record.Partition.Value;
        if (_ledger.IsDone(partition, command.CommandId) || !_batchIds.Add(command.CommandId))
        {
            LogDuplicate(logger, command.CommandId, command.Instance);
            return;
        }

        var messageId = CommandIds.MessageId(command.CommandId);
        var reconcile = _ledger.FindAttempt(partition, command.CommandId) is not null;
        var intent = !reconcile && CommandEffects.NeedsIntent(command.CommandCase);
        if (intent)
        {
            var attempting = Entry(command, read.Header.Command, messageId, CommandLedger.Attempting, "");
            _ledger.Set(partition, attempting);
            output.Produce(new TopicPartition(Topics.CommandLedger, partition), Key(command.CommandId), attempting.ToByteArray());
        }

        _batch.Add(new PendingCommand(record.TopicPartitionOffset, command, read.Header.Command, messageId, reconcile, intent));
    }

    public async ValueTask PumpAsync(TransactionOutput output, CancellationToken ct)
    {
        if (_batch.Count > 0)
        {
            List<PendingCommand> batch = [.. _batch];
            _batch.Clear();
            _batchIds.Clear();
            if (batch.Any(p => p.Intent))
            {
                output.Checkpoint([.. batch.Select(p => p.Source)]);
            }

            var completions = await ExecuteBatchAsync(batch, ct);

            for (var i = 0; i < batch.Count; i++)
            {
                await CompleteAsync(batch[i], completions[i], output, ct);
            }
        }

        await DrainSignalsAsync(output, ct);
    }

    private async Task<Completion[]> ExecuteBatchAsync(List<PendingCommand> batch, CancellationToken ct)
    {
        var completions = new Completion[batch.Count];
        var byInstance = batch.Select((pending, index) => (pending, index)).GroupBy(x => x.pending.Command.Instance, StringComparer.Ordinal);
        await Parallel.ForEachAsync(byInstance, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (commands, token) =>
        {
            // One instance's commands run one after another, in offset order (invariant 1).
            foreach (var (pending, index) in commands)
            {
                completions[index] = await ExecuteSafelyAsync(pending, token);
            }
        });
        return completions;
    }

    private async Task<Completion> ExecuteSafelyAsync(PendingCommand pending, CancellationToken ct)
    {
        try
        {
            return await ExecuteAsync(pending, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogDriverFailed(logger, pending.Command.CommandId, pending.Command.Instance, e.Message);
            return pending.Intent
                ? Completion.Unknown(pending.Command.CommandId, pending.Name, "the transport failed during the attempt (" + e.Message + "); whether it took effect is unknown, so it is not retried", pending.MessageId)
                : Completion.Rejected(pending.Command.CommandId, pending.Name, "the transport failed: " + e.Message, 500);
        }
    }

    private async ValueTask CompleteAsync(PendingCommand pending, Completion completion, TransactionOutput output, CancellationToken ct)
    {
        var command = pending.Command;
        var instance = Instance(command.Instance, pending.Partition);
        var index = 0;
        foreach (var envelope in completion.Events.Append(completion.Outcome))
        {
            envelope.EventId = CommandIds.EventId(command.CommandId, index++);
            envelope.Instance = command.Instance;
            envelope.CausationCommandId = command.CommandId;
            envelope.Sender = instance.State?.OwnerJid ?? "";
            await deps.Events.WriteAsync(envelope, output, ct);
        }

        if (completion.StateChanged)
        {
            WriteState(instance, output);
        }

        if (completion.CredentialsChanged)
        {
            WriteCredentials(instance, output);
        }

        // A transport that assigns its own ids (the Cloud API's wamid) has the ledger remember which one this command got.
        var messageId = completion.Outcome.CommandExecuted?.MessageId is { Length: > 0 } assigned ? assigned : pending.MessageId;
        var done = Entry(command, pending.Name, messageId, CommandLedger.Done, completion.OutcomeName);
        _ledger.Set(pending.Partition, done);
        output.Produce(new TopicPartition(Topics.CommandLedger, pending.Partition), Key(command.CommandId), done.ToByteArray());
    }

    private void WriteState(OwnedInstance instance, TransactionOutput output)
    {
        if (instance.State is { } state)
        {
            state.UpdatedAt = Timestamp.FromDateTimeOffset(deps.Time.GetUtcNow());
        }

        output.Produce(new TopicPartition(Topics.InstanceState, instance.Partition), Key(instance.Name), instance.State?.ToByteArray());
    }

    private void WriteCredentials(OwnedInstance instance, TransactionOutput output) =>
        output.Produce(new TopicPartition(Topics.Sessions, instance.Partition), Key(instance.Name),
            instance.SealedCredentials is { } sealedText ? System.Text.Encoding.UTF8.GetBytes(sealedText) : null);

    private OwnedInstance Instance(string name, int partition) => _instances.GetOrAdd(name, n => new OwnedInstance(n, partition));

    private LedgerEntry Entry(CommandEnvelope command, string name, string messageId, string state, string outcome) => new()
    {
        CommandId = command.CommandId,
        Instance = command.Instance,
        Command = name,
        State = state,
        Outcome = outcome,
        MessageId = messageId,
        UpdatedAt = Timestamp.FromDateTimeOffset(deps.Time.GetUtcNow()),
    };

    private static byte[] Key(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    private static string KeyOf(ConsumeResult<byte[]?, byte[]?> record) => System.Text.Encoding.UTF8.GetString(record.Message.Key ?? []);

    private IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> ReadToEnd(string topic, List<int> partitions, CancellationToken ct) =>
        StateTopicReader.ReadAll(deps.Configs, "connector-restore", topic, partitions, ct);

    [LoggerMessage(LogLevel.Information, "connector: restored partitions {Partitions}; {Sessions} sessions resumed")]
    private static partial void LogRestored(ILogger logger, string partitions, int sessions);

    [LoggerMessage(LogLevel.Information, "connector: command {CommandId} of {Instance} was already executed; skipped")]
    private static partial void LogDuplicate(ILogger logger, string commandId, string instance);

    [LoggerMessage(LogLevel.Warning, "connector: the transport failed on command {CommandId} of {Instance}: {Error}")]
    private static partial void LogDriverFailed(ILogger logger, string commandId, string instance, string error);
}

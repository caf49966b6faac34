using System.Net;
using System.Text;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Evostream.CommandProcessor.Output;
using Evostream.CommandProcessor.Validation;
using Evostream.Contracts.Commands;
using Evostream.Contracts.Ids;
using Evostream.Contracts.V1;
using Evostream.Contracts.WireFormat;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace Evostream.CommandProcessor.Intake;

/// <summary>What a commands-topic record turned out to be.</summary>
internal abstract record Intake
{
    /// <summary>Neither a key nor an instance: no instance's producer can be told, so it goes to the dead-letter topic.</summary>
    public sealed record Unattributable(string Reason) : Intake;

    public sealed record Refused(RejectedCommand Rejected) : Intake;

    /// <summary>A well-formed command, with its command id and issue time filled in.</summary>
    public sealed record Command(CommandEnvelope Envelope) : Intake;
}

/// <summary>Reads a commands-topic record into a command, a rejection naming the field, or a dead letter.</summary>
internal sealed class CommandIntake(CommandRecordReader reader)
{
    // Schema Registry's error_code for "schema not found".
    private const int SchemaNotFound = 40403;

    public async ValueTask<Intake> ReadAsync(ConsumeResult<byte[]?, byte[]?> record, CancellationToken ct)
    {
        var key = record.Message.Key is { Length: > 0 } k ? Encoding.UTF8.GetString(k) : "";
        var value = record.Message.Value;
        CommandReadResult? result;
        try
        {
            result = value is null ? null : await reader.ReadAsync(value, ct);
        }
        catch (SchemaRegistryException e) when (e.Status == HttpStatusCode.NotFound && e.ErrorCode == SchemaNotFound)
        {
            // The writer's schema id is unknown to the registry, so the record can never be read: refused like
            // unreadable JSON. Any other registry failure is an outage, not the record's fault, and is not a rejection;
            // that includes a 404 without the registry's own code (a wrong SCHEMA_REGISTRY_URL path).
            var unreadable = $"is not a readable record: the Schema Registry answered HTTP {(int)e.Status}: {e.Message}";
            return key.Length == 0
                ? new Intake.Unattributable("the record has no key and names no instance; besides, the command " + unreadable)
                : new Intake.Refused(new RejectedCommand(key, ForRecord(record), "", "", value, Rejection.Invalid("", unreadable)));
        }

        // A header read from unreadable bytes is the default, whose strings are null.
        var header = result?.Header ?? default;
        header = new CommandHeader(header.Command ?? "", header.Instance ?? "", header.IdempotencyKey ?? "", header.CommandId ?? "");
        var instance = header.Instance.Length > 0 ? header.Instance : key;
        if (instance.Length == 0)
        {
            return new Intake.Unattributable(result?.Error?.Message is { } why
                ? $"the record has no key and names no instance; besides, {why}"
                : "the record has no key and names no instance");
        }

        // A command id the producer gave is kept even on a rejection, so it can correlate; otherwise one from the log position.
        var commandId = header.CommandId is { Length: > 0 } given ? given : ForRecord(record);
        Intake Refuse(Rejection rejection) =>
            new Intake.Refused(new RejectedCommand(key.Length > 0 ? key : instance, commandId, header.Command, header.IdempotencyKey, value, rejection));

        if (result is null)
        {
            return Refuse(Rejection.Invalid("", "the record has no value (a tombstone is not a command)"));
        }

        if (!result.IsValid)
        {
            return Refuse(Rejection.Invalid(result.Error.Field, result.Error.Reason));
        }

        if (KeyRules.Check(key, instance) is { } keyRejection)
        {
            return Refuse(keyRejection);
        }

        var envelope = result.Envelope;
        envelope.CommandId = commandId;
        envelope.IssuedAt ??= Timestamp.FromDateTimeOffset(record.Message.Timestamp.UtcDateTime);
        return new Intake.Command(envelope);
    }

    private static string ForRecord(ConsumeResult<byte[]?, byte[]?> record) =>
        CommandIds.ForRecord(record.Topic, record.Partition.Value, record.Offset.Value);
}

using Evostream.Contracts.V1;

namespace Evostream.Projections.Model;

/// <summary>command.* events as command_outcomes rows. A terminal outcome (rank 2) outranks "accepted" (rank 1).</summary>
public static class CommandOutcomes
{
    public const short AcceptedRank = 1;
    public const short TerminalRank = 2;

    public static CommandOutcomeRow Row(EventEnvelope e, DateTime at, string version) => e.DataCase switch
    {
        EventEnvelope.DataOneofCase.CommandAccepted => Accepted(e.CommandAccepted, e, at, version),
        EventEnvelope.DataOneofCase.CommandRejected => Rejected(e.CommandRejected, e, at, version),
        EventEnvelope.DataOneofCase.CommandExecuted => Executed(e.CommandExecuted, e, at, version),
        EventEnvelope.DataOneofCase.CommandOutcomeUnknown => Unknown(e.CommandOutcomeUnknown, e, at, version),
        _ => throw new ArgumentException($"{e.DataCase} is not a command outcome.", nameof(e)),
    };

    private static CommandOutcomeRow Accepted(CommandAccepted a, EventEnvelope e, DateTime at, string version) =>
        new(a.CommandId, e.Instance, a.Command, "accepted", AcceptedRank, a.HasIdempotencyKey ? a.IdempotencyKey : null,
            a.NotBefore?.ToDateTime(), a.HasDelayReason ? a.DelayReason : null, null, null, null, null, null, null, null, null, e.EventId, at, version);

    private static CommandOutcomeRow Rejected(CommandRejected r, EventEnvelope e, DateTime at, string version) =>
        new(r.CommandId, e.Instance, r.Command, "rejected", TerminalRank, r.HasIdempotencyKey ? r.IdempotencyKey : null, null, null,
            r.Reason, r.HasField ? r.Field : null, r.HasHttpStatus ? r.HttpStatus : null, r.HasDuplicateOf ? r.DuplicateOf : null,
            r.HasStage ? r.Stage : null, null, null, null, e.EventId, at, version);

    private static CommandOutcomeRow Executed(CommandExecuted x, EventEnvelope e, DateTime at, string version) =>
        new(x.CommandId, e.Instance, x.Command, "executed", TerminalRank, null, null, null, null, null, null, null, null,
            x.HasMessageId ? x.MessageId : null, x.HasRemoteJid ? x.RemoteJid : null, x.HasDetail ? x.Detail : null, e.EventId, at, version);

    private static CommandOutcomeRow Unknown(CommandOutcomeUnknown u, EventEnvelope e, DateTime at, string version) =>
        new(u.CommandId, e.Instance, u.Command, "unknown", TerminalRank, null, null, null, u.Reason, null, null, null, null,
            u.HasMessageId ? u.MessageId : null, null, null, e.EventId, at, version);
}

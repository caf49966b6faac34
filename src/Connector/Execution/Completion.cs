using Evostream.Contracts.V1;

namespace Evostream.Connector.Execution;

/// <summary>How one command ended: its events, then exactly one outcome event, and what state it changed.</summary>
public sealed class Completion
{
    public List<EventEnvelope> Events { get; } = [];

    /// <summary>command.executed, command.rejected or command.outcome-unknown; always last.</summary>
    public required EventEnvelope Outcome { get; init; }

    public required string OutcomeName { get; init; }

    public bool StateChanged { get; set; }

    public bool CredentialsChanged { get; set; }

    public static Completion Executed(string commandId, string command, string? messageId = null, string? remoteJid = null, string? detail = null)
    {
        var executed = new CommandExecuted { CommandId = commandId, Command = command };
        if (messageId is not null)
        {
            executed.MessageId = messageId;
        }

        if (remoteJid is not null)
        {
            executed.RemoteJid = remoteJid;
        }

        if (detail is not null)
        {
            executed.Detail = detail;
        }

        return new Completion { Outcome = new EventEnvelope { CommandExecuted = executed }, OutcomeName = "executed" };
    }

    public static Completion Rejected(string commandId, string command, string reason, int httpStatus, string? field = null)
    {
        var rejected = new CommandRejected { CommandId = commandId, Command = command, Reason = reason, Stage = "execution", HttpStatus = httpStatus };
        if (!string.IsNullOrEmpty(field))
        {
            rejected.Field = field;
        }

        return new Completion { Outcome = new EventEnvelope { CommandRejected = rejected }, OutcomeName = "rejected" };
    }

    public static Completion Unknown(string commandId, string command, string reason, string messageId) =>
        new()
        {
            Outcome = new EventEnvelope { CommandOutcomeUnknown = new CommandOutcomeUnknown { CommandId = commandId, Command = command, Reason = reason, MessageId = messageId } },
            OutcomeName = "outcome-unknown",
        };
}

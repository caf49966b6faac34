using System.Diagnostics.CodeAnalysis;
using Evostream.Contracts.V1;

namespace Evostream.Contracts.Commands;

/// <summary>Why a JSON command was refused.</summary>
/// <param name="Field">
/// JSON path of the offending field from the top of the command, such as <c>delay</c>, <c>quoted.key.id</c> or
/// <c>sections[0].rows[1].rowId</c>; empty when the value as a whole is wrong (not JSON, not an object).
/// </param>
/// <param name="Reason">What is wrong with it, phrased to follow the field: <c>is required</c>, <c>must be a string</c>.</param>
public sealed record CommandJsonError(string Field, string Reason)
{
    /// <summary>One sentence naming the field, for <c>command.rejected</c>'s reason.</summary>
    public string Message => Field.Length == 0 ? $"the command {Reason}" : $"'{Field}' {Reason}";
}

/// <summary>
/// What a rejection needs to be correlated with its command, read as far as the JSON allows even when it is invalid:
/// each is empty when absent or not a string.
/// </summary>
/// <param name="Command">The command name as given, valid or not.</param>
public readonly record struct CommandHeader(string Command, string Instance, string IdempotencyKey, string CommandId);

/// <summary>A JSON command read: either its <see cref="Envelope"/> or the <see cref="Error"/> that refused it.</summary>
public sealed class CommandReadResult
{
    private CommandReadResult(CommandEnvelope? envelope, CommandJsonError? error, CommandHeader header)
    {
        Envelope = envelope;
        Error = error;
        Header = header;
    }

    public CommandEnvelope? Envelope { get; }

    public CommandJsonError? Error { get; }

    public CommandHeader Header { get; }

    [MemberNotNullWhen(true, nameof(Envelope))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsValid => Envelope is not null;

    internal static CommandReadResult Valid(CommandEnvelope envelope, string command) =>
        new(envelope, null, new CommandHeader(command, envelope.Instance, envelope.IdempotencyKey, envelope.CommandId));

    internal static CommandReadResult Invalid(CommandJsonError error, CommandHeader header) => new(null, error, header);
}

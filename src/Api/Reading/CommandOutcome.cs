namespace Evostream.Api.Reading;

/// <summary>A command's outcome as the command-outcomes read model has it.</summary>
/// <param name="Status">accepted, rejected, executed or unknown (the outcome of an attempt is unknown).</param>
public sealed record CommandOutcome(
    string CommandId,
    string Instance,
    string Command,
    string Status,
    int? HttpStatus,
    string? Field,
    string? Reason,
    string? DuplicateOf,
    string? MessageId,
    string? RemoteJid,
    string? Detail,
    DateTimeOffset? NotBefore,
    DateTimeOffset UpdatedAt)
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Executed = "executed";
    public const string OutcomeUnknown = "unknown";

    /// <summary>Nothing more will happen to the command.</summary>
    public bool IsFinal => Status is Rejected or Executed or OutcomeUnknown;
}

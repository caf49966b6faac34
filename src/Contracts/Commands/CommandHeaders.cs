namespace Evostream.Contracts.Commands;

/// <summary>
/// Headers on the command processor's accepted and rejected command records. Public because the rejected-commands
/// topic is read back: the Projections turn it into outcomes for commands whose instance does not exist.
/// </summary>
public static class CommandHeaders
{
    public const string CommandId = "command-id";
    public const string Command = "command";
    public const string ContentType = "content-type";
    public const string NotBefore = "not-before";
    public const string ReleasedAt = "released-at";
    public const string DelayReason = "delay-reason";
    public const string RejectionField = "rejection-field";
    public const string RejectionReason = "rejection-reason";
    public const string HttpStatus = "http-status";
    public const string DuplicateOf = "duplicate-of";
    public const string JsonContentType = "application/json";
}

namespace Evostream.CommandProcessor.Output;

/// <summary>Headers on accepted and rejected command records.</summary>
internal static class CommandHeaders
{
    public const string CommandId = "command-id";
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

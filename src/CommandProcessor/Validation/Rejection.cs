namespace Evostream.CommandProcessor.Validation;

/// <summary>Why the processor refused a command: the field's JSON path, what is wrong with it, and the REST status it maps to.</summary>
internal sealed record Rejection(string Field, string Reason, int HttpStatus, string? DuplicateOf = null)
{
    public const int BadRequest = 400;
    public const int NotFound = 404;
    public const int Conflict = 409;
    public const int TooManyRequests = 429;

    /// <summary>One sentence naming the field, for <c>command.rejected</c>'s reason.</summary>
    public string Message => Field.Length == 0 ? Reason : $"'{Field}' {Reason}";

    public static Rejection Invalid(string field, string reason) => new(field, reason, BadRequest);
}

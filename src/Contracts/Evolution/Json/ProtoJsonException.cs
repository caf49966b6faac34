namespace Evostream.Contracts.Evolution.Json;

/// <summary>
/// JSON that is well formed but does not fit the message type; <see cref="Path"/> says where, relative to the value
/// the read started at (<c>.key.fromMe</c>, <c>[2].remoteJid</c>), <see cref="Problem"/> what is wrong.
/// </summary>
public sealed class ProtoJsonException : FormatException
{
    public ProtoJsonException()
    {
    }

    public ProtoJsonException(string problem)
        : base(problem) => Problem = problem;

    public ProtoJsonException(string problem, Exception inner)
        : base(problem, inner) => Problem = problem;

    public string Path { get; private set; } = "";

    public string Problem { get; } = "";

    /// <summary>"'data.key.fromMe' must be a boolean, not a string".</summary>
    public string Describe(string root) => $"'{root}{Path}' {Problem}";

    /// <summary>Records, while the error travels out, that it happened inside <paramref name="segment"/>.</summary>
    internal ProtoJsonException Within(string segment)
    {
        Path = segment + Path;
        return this;
    }
}

namespace Evostream.Connector.Drivers.CloudApi;

/// <summary>What the Graph API said to one request that certainly reached it, or that it certainly never reached.</summary>
public abstract record GraphAnswer
{
    private GraphAnswer() { }

    /// <param name="MessageId">The wamid Meta assigned; null for calls that answer <c>{"success":true}</c>.</param>
    /// <param name="WaId">The recipient's WhatsApp id as Meta resolved it, when given.</param>
    /// <param name="Body">The whole answer, for calls whose answer is the result (templates, media); null for sends.</param>
    public sealed record Ok(string? MessageId, string? WaId, System.Text.Json.Nodes.JsonNode? Body = null) : GraphAnswer;

    /// <summary>A Graph error object: <c>{"error":{"code":...,"message":...,"error_data":{"details":...}}}</c>.</summary>
    public sealed record Error(int HttpStatus, int Code, string Message, string? Details) : GraphAnswer;

    /// <summary>The request never left (connection refused, name not resolved): nothing was sent.</summary>
    public sealed record Unreachable(string Reason) : GraphAnswer;
}

/// <summary>
/// The request may have reached Meta (a timeout or a reset after sending): whether it took effect is unknown. The
/// connector reports such an attempt as command.outcome-unknown and never repeats it.
/// </summary>
public sealed class GraphOutcomeUnknownException(string message, Exception inner) : Exception(message, inner);

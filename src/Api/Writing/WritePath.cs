using System.Text.Json.Nodes;
using Evostream.Api.Auth;
using Evostream.Api.Configuration;
using Evostream.Api.Errors;
using Evostream.Api.Reading;
using Evostream.Contracts.V1;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evostream.Api.Writing;

/// <summary>The answer of a mutating route: its Evolution body, or 202 while pending, or an Evolution error.</summary>
public delegate Task<T> Answer<T>(CommandEnvelope command, CommandOutcome outcome, CancellationToken ct);

/// <summary>
/// Every mutating route's path: REST body to command, command to Kafka (acks=all), then a bounded wait for the
/// outcome so the route can answer as Evolution does. A command Kafka has taken is never reported as failed.
/// </summary>
public sealed partial class WritePath(
    CommandProducer producer, OutcomeWaiter waiter, OutcomeQueries outcomes, ApiSettings settings, TimeProvider time, ILogger<WritePath> logger)
{
    public const string IdempotencyHeader = "Idempotency-Key";
    private const int MaxIdempotencyKeyLength = 200;
    private static readonly TimeSpan s_retryAfterUnavailable = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan s_retryAfterRateLimited = TimeSpan.FromSeconds(30);

    /// <summary>Reads the JSON (or, with <paramref name="fileField"/>, multipart) body of <paramref name="http"/> as <paramref name="command"/> for <paramref name="instance"/>, then submits it.</summary>
    public async Task<Results<Ok<T>, Created<T>, Accepted<PendingCommand>, JsonHttpResult<EvolutionError>, RetryAfterResult>> RunAsync<T>(
        HttpContext http, Caller caller, string command, string? instance, int successStatus, Answer<T> answer, JsonObject? extra = null,
        string? fileField = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        var body = fileField is not null && FormBody.IsForm(http.Request)
            ? await FormBody.ReadAsync(http.Request, settings.MaxBodyBytes, fileField, http.RequestAborted)
            : await RequestBody.ReadAsync(http.Request, settings.MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            return ApiErrors.TooLarge(settings.MaxBodyBytes);
        }

        return await RunAsync(http, caller, command, instance, body.Value, successStatus, answer, extra);
    }

    /// <summary>Submits an already-read REST body (routes that reshape it first, such as a flat webhook body).</summary>
    public async Task<Results<Ok<T>, Created<T>, Accepted<PendingCommand>, JsonHttpResult<EvolutionError>, RetryAfterResult>> RunAsync<T>(
        HttpContext http, Caller caller, string command, string? instance, ReadOnlyMemory<byte> body, int successStatus, Answer<T> answer,
        JsonObject? extra = null)
    {
        var read = CommandBody.Read(command, instance, body, extra);
        return read.Envelope is null
            ? ApiErrors.BadRequest(read.Error!)
            : await SubmitAsync(http, caller, read.Envelope, successStatus, answer);
    }

    public async Task<Results<Ok<T>, Created<T>, Accepted<PendingCommand>, JsonHttpResult<EvolutionError>, RetryAfterResult>> SubmitAsync<T>(
        HttpContext http, Caller caller, CommandEnvelope envelope, int successStatus, Answer<T> answer)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(envelope);
        ArgumentNullException.ThrowIfNull(answer);
        var idempotencyKey = http.Request.Headers[IdempotencyHeader].ToString();
        if (idempotencyKey.Length > MaxIdempotencyKeyLength)
        {
            return ApiErrors.BadRequest($"The {IdempotencyHeader} header must be at most {MaxIdempotencyKeyLength} characters.");
        }

        var now = time.GetUtcNow();
        envelope.CommandId = Guid.CreateVersion7(now).ToString();
        envelope.IdempotencyKey = idempotencyKey;
        envelope.IssuedAt = Timestamp.FromDateTimeOffset(now);
        envelope.IssuedBy = new Issuer { Kind = "api", Principal = caller.Principal };

        try
        {
            await producer.ProduceAsync(envelope);
        }
        catch (CommandNotWrittenException e)
        {
            LogNotWritten(logger, envelope.Instance, e.Message);
            return new RetryAfterResult(StatusCodes.Status503ServiceUnavailable, s_retryAfterUnavailable,
                "Kafka did not take the command; nothing was sent. Retry later, with the same Idempotency-Key if you gave one.");
        }

        if (PrefersAsync(http.Request))
        {
            return Pending(envelope.CommandId, null);
        }

        var outcome = await waiter.WaitAsync(envelope.CommandId, settings.OutcomeWait, http.RequestAborted);
        if (outcome is { Status: CommandOutcome.Rejected, DuplicateOf: { Length: > 0 } original })
        {
            // A repeat of an Idempotency-Key: answer with what the original command did.
            outcome = await outcomes.FindAsync(original, http.RequestAborted) ?? outcome with { CommandId = original, Status = CommandOutcome.Accepted };
            envelope.CommandId = outcome.CommandId;
        }

        return outcome switch
        {
            { Status: CommandOutcome.Executed } => successStatus == StatusCodes.Status200OK
                ? TypedResults.Ok(await answer(envelope, outcome, http.RequestAborted))
                : TypedResults.Created((string?)null, await answer(envelope, outcome, http.RequestAborted)),
            { Status: CommandOutcome.Rejected } => Rejection<T>(outcome),
            _ => Pending(envelope.CommandId, outcome),
        };
    }

    private static bool PrefersAsync(HttpRequest request) =>
        request.Headers["Prefer"].Any(p => p is not null && p.Split(',').Any(t => t.Trim().Equals("respond-async", StringComparison.OrdinalIgnoreCase)));

    private static Accepted<PendingCommand> Pending(string commandId, CommandOutcome? outcome)
    {
        var status = outcome?.Status switch
        {
            CommandOutcome.Accepted => "ACCEPTED",
            CommandOutcome.OutcomeUnknown => "OUTCOME_UNKNOWN",
            _ => "PENDING",
        };
        var url = PendingCommand.UrlOf(commandId);
        return TypedResults.Accepted(url, new PendingCommand(commandId, status, url, outcome?.Reason, outcome?.NotBefore));
    }

    private static Results<Ok<T>, Created<T>, Accepted<PendingCommand>, JsonHttpResult<EvolutionError>, RetryAfterResult> Rejection<T>(CommandOutcome outcome)
    {
        var status = outcome.HttpStatus is >= 400 and < 600 ? outcome.HttpStatus.Value : StatusCodes.Status400BadRequest;
        var reason = outcome.Reason ?? "The command was rejected.";
        return status == StatusCodes.Status429TooManyRequests
            ? new RetryAfterResult(status, outcome.NotBefore is { } at && at > DateTimeOffset.UnixEpoch ? at - outcome.UpdatedAt : s_retryAfterRateLimited, reason)
            : ApiErrors.Status(status, reason);
    }

    [LoggerMessage(LogLevel.Warning, "A command for instance {Instance} was not written to Kafka: {Reason}")]
    private static partial void LogNotWritten(ILogger logger, string instance, string reason);
}

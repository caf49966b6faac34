using System.Globalization;

namespace Evostream.Api.Errors;

/// <summary>A 429 or 503 in Evolution's shape that tells the client when to try again.</summary>
public sealed class RetryAfterResult(int status, TimeSpan retryAfter, string message) : IResult, IStatusCodeHttpResult, IValueHttpResult<EvolutionError>
{
    public int? StatusCode => status;

    public EvolutionError Value { get; } = EvolutionError.Of(status, message);

    public TimeSpan RetryAfter => retryAfter;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Json(Value, statusCode: status).ExecuteAsync(httpContext);
    }
}

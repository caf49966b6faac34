namespace Evostream.Api.Errors;

/// <summary>Errors raised outside the routes, answered in Evolution's shape like everything else.</summary>
public static partial class ErrorHandling
{
    /// <summary>Unknown routes answer like Evolution (Express): 404 with "Cannot METHOD /path".</summary>
    public static void MapEvolutionNotFound(this WebApplication app) =>
        app.MapFallback((HttpContext context) => TypedResults.NotFound(
            EvolutionError.Of(StatusCodes.Status404NotFound, $"Cannot {context.Request.Method} {context.Request.Path}")));

    /// <summary>
    /// Kestrel's body limit (413) and any unexpected failure (500, details only in the log) become Evolution errors,
    /// never an HTML page or a dropped connection.
    /// </summary>
    public static void UseEvolutionErrors(this WebApplication app) =>
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (BadHttpRequestException e) when (!context.Response.HasStarted)
            {
                await ApiErrors.Status(e.StatusCode, e.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? "The request body is too large." : e.Message).ExecuteAsync(context);
            }
            catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
            {
                LogFailed(context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Evostream.Api"), context.Request.Method,
                    context.Request.Path, e);
                await ApiErrors.Status(StatusCodes.Status500InternalServerError, "Internal error; see the server log.").ExecuteAsync(context);
            }
        });

    [LoggerMessage(LogLevel.Error, "{Method} {Path} failed")]
    private static partial void LogFailed(ILogger logger, string method, string path, Exception exception);
}

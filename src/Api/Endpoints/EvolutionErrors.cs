namespace Evostream.Api.Endpoints;

/// <summary>Evolution's error body: <c>{status, error, response:{message:[...]}}</c>.</summary>
public sealed record EvolutionError(int Status, string Error, EvolutionError.Detail Response)
{
    public sealed record Detail(IReadOnlyList<string> Message);

    public static EvolutionError Of(int status, string error, params string[] messages) => new(status, error, new Detail(messages));
}

public static class EvolutionNotFound
{
    /// <summary>Unknown routes answer like Evolution (Express): 404 with "Cannot METHOD /path".</summary>
    public static void MapEvolutionNotFound(this WebApplication app) =>
        app.MapFallback((HttpContext context) => TypedResults.NotFound(
            EvolutionError.Of(404, "Not Found", $"Cannot {context.Request.Method} {context.Request.Path}")));
}

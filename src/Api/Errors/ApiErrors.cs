namespace Evostream.Api.Errors;

/// <summary>Typed results for every error the Api answers, each in Evolution's shape.</summary>
public static class ApiErrors
{
    public static JsonHttpResult<EvolutionError> Status(int status, params string[] messages) =>
        TypedResults.Json(EvolutionError.Of(status, messages), statusCode: status);

    /// <summary>400; <paramref name="message"/> names the offending field.</summary>
    public static JsonHttpResult<EvolutionError> BadRequest(string message) => Status(StatusCodes.Status400BadRequest, message);

    public static JsonHttpResult<EvolutionError> Unauthorized() => Status(StatusCodes.Status401Unauthorized, "Unauthorized");

    public static JsonHttpResult<EvolutionError> Forbidden(string instance) =>
        Status(StatusCodes.Status403Forbidden, $"This apikey is the token of another instance; it cannot act on \"{instance}\".");

    public static JsonHttpResult<EvolutionError> InstanceNotFound(string instance) =>
        Status(StatusCodes.Status404NotFound, $"Instance not found: the \"{instance}\" instance does not exist");

    public static JsonHttpResult<EvolutionError> NameTaken(string instance) =>
        Status(StatusCodes.Status409Conflict, $"This name \"{instance}\" is already in use.");

    public static JsonHttpResult<EvolutionError> TooLarge(long limit) =>
        Status(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than the limit of {limit} bytes.");
}

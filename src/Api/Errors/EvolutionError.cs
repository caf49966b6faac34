namespace Evostream.Api.Errors;

/// <summary>Evolution's error body: <c>{status, error, response:{message:[...]}}</c>.</summary>
public sealed record EvolutionError(int Status, string Error, EvolutionError.Detail Response)
{
    public sealed record Detail(IReadOnlyList<string> Message);

    public static EvolutionError Of(int status, params string[] messages) => new(status, ReasonPhrase(status), new Detail(messages));

    private static string ReasonPhrase(int status) => status switch
    {
        StatusCodes.Status413PayloadTooLarge => "Payload Too Large",
        _ => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error",
    };
}

using Evostream.Api.Auth;
using Evostream.Api.Errors;
using Evostream.Api.Reading;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evostream.Api.Routes.Commands;

/// <summary>Evostream's own <c>GET /commands/{id}</c>: where a 202's status URL points.</summary>
public static class CommandRoutes
{
    public sealed record CommandView(
        string CommandId, string Instance, string Command, string Status, int? HttpStatus, string? Field, string? Reason, string? DuplicateOf,
        string? MessageId, string? RemoteJid, string? Detail, DateTimeOffset? NotBefore, DateTimeOffset UpdatedAt)
    {
        public static CommandView Of(CommandOutcome o) => new(
            o.CommandId, o.Instance, o.Command, o.Status, o.HttpStatus, o.Field, o.Reason, o.DuplicateOf, o.MessageId, o.RemoteJid, o.Detail,
            o.NotBefore, o.UpdatedAt);
    }

    public static void MapCommandRoutes(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/commands/{id}", async Task<Results<Ok<CommandView>, JsonHttpResult<EvolutionError>>> (
            string id, Caller caller, OutcomeQueries outcomes, CancellationToken ct) =>
        {
            // An instance token sees only its own instance's commands; any other answers as unknown.
            var outcome = await outcomes.FindAsync(id, ct);
            return outcome is not null && caller.MaySee(outcome.Instance)
                ? TypedResults.Ok(CommandView.Of(outcome))
                : ApiErrors.Status(StatusCodes.Status404NotFound,
                    $"No outcome for command {id} yet: it is unknown, or still on its way (try again shortly).");
        }).RequireApiKey(AuthScope.AnyInstance).WithTags("Evostream");
}

using System.Text.Json.Nodes;
using Evostream.Api.Auth;
using Evostream.Api.Reading;
using Evostream.Api.Writing;
using Evostream.Contracts.V1;

namespace Evostream.Api.Routes.Template;

/// <summary>
/// Evolution's /template routes for Meta message templates (WHATSAPP-BUSINESS). Both go through the connector, which
/// holds the access token and calls the WABA's message_templates; any other transport refuses them with 400 naming it.
/// </summary>
public static class TemplateRoutes
{
    public static void MapTemplateRoutes(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/template").WithTags("Template");
        group.MapPost("/create/{instanceName}", (string instanceName, HttpContext http, Caller caller, WritePath write, InstanceQueries instances) =>
            write.RunAsync(http, caller, "createTemplate", instanceName, StatusCodes.Status201Created,
                async (command, outcome, ct) => Created(command, outcome, (await instances.FindAsync(command.Instance, ct))?.Id)))
            .RequireApiKey();
        group.MapGet("/find/{instanceName}", (string instanceName, HttpContext http, Caller caller, WritePath write) =>
            write.RunAsync(http, caller, "findTemplates", instanceName, (ReadOnlyMemory<byte>)"{}"u8.ToArray(), StatusCodes.Status200OK,
                (_, outcome, _) => Task.FromResult(JsonNode.Parse(outcome.Detail is { Length: > 0 } d ? d : "[]")!)))
            .RequireApiKey();
    }

    // Evolution answers the template row it stored: Meta's answer under `template`, its id as `templateId`.
    private static JsonObject Created(CommandEnvelope command, CommandOutcome outcome, string? instanceId)
    {
        var meta = JsonNode.Parse(outcome.Detail is { Length: > 0 } d ? d : "{}");
        return new JsonObject
        {
            ["id"] = command.CommandId,
            ["templateId"] = meta?["id"]?.DeepClone(),
            ["name"] = command.CreateTemplate.Name,
            ["template"] = meta,
            ["webhookUrl"] = null,
            ["instanceId"] = instanceId,
            ["createdAt"] = outcome.UpdatedAt,
            ["updatedAt"] = outcome.UpdatedAt,
        };
    }
}

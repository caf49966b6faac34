using Evostream.Api.Auth;
using Evostream.Api.Configuration;
using Evostream.Api.Errors;
using Evostream.Api.Reading;
using Evostream.Api.Writing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evostream.Api.Routes.Configuration;

/// <summary>Evolution's /settings, /webhook, /kafka and /websocket set (commands, 201) and find (read models, 200; JSON null when unset, as Evolution).</summary>
public static class ConfigurationRoutes
{
    public static void MapConfigurationRoutes(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/settings/set/{instanceName}", (string instanceName, HttpContext http, Caller caller, WritePath write) =>
            write.RunAsync(http, caller, "setSettings", instanceName, StatusCodes.Status201Created,
                (command, _, _) => Task.FromResult(SettingsView.Of(command.SetSettings.Settings)))).RequireApiKey().WithTags("Settings");
        routes.MapGet("/settings/find/{instanceName}", async Task<Results<Ok<SettingsView>, ContentHttpResult, JsonHttpResult<EvolutionError>>> (
            string instanceName, Caller caller, InstanceQueries instances, ConfigQueries config, CancellationToken ct) =>
        {
            var (row, error) = await ReadGuard.InstanceAsync(instances, caller, instanceName, ct);
            return row is null ? error! : Found<SettingsView>(await config.SettingsAsync(instanceName, ct) is { } s ? SettingsView.Of(s) : null);
        }).RequireApiKey().WithTags("Settings");

        routes.MapPost("/webhook/set/{instanceName}", (string instanceName, HttpContext http, Caller caller, WritePath write, ApiSettings settings) =>
            SetAsync(http, caller, write, settings, "webhook", "setWebhook", instanceName,
                (command, _, _) => Task.FromResult(WebhookView.Of(instanceName, command.SetWebhook.Webhook)))).RequireApiKey().WithTags("Webhook");
        routes.MapGet("/webhook/find/{instanceName}", async Task<Results<Ok<WebhookView>, ContentHttpResult, JsonHttpResult<EvolutionError>>> (
            string instanceName, Caller caller, InstanceQueries instances, ConfigQueries config, CancellationToken ct) =>
        {
            var (row, error) = await ReadGuard.InstanceAsync(instances, caller, instanceName, ct);
            return row is null ? error! : Found<WebhookView>(await config.WebhookAsync(instanceName, ct) is { } w ? WebhookView.Of(instanceName, w) : null);
        }).RequireApiKey().WithTags("Webhook");

        routes.MapPost("/kafka/set/{instanceName}", (string instanceName, HttpContext http, Caller caller, WritePath write, ApiSettings settings) =>
            SetAsync(http, caller, write, settings, "kafka", "setKafka", instanceName,
                (command, _, _) => Task.FromResult(new KafkaView(instanceName, command.SetKafka.Kafka.Enabled, [.. command.SetKafka.Kafka.Events]))))
            .RequireApiKey().WithTags("Kafka");
        routes.MapGet("/kafka/find/{instanceName}", async Task<Results<Ok<KafkaView>, ContentHttpResult, JsonHttpResult<EvolutionError>>> (
            string instanceName, Caller caller, InstanceQueries instances, ConfigQueries config, CancellationToken ct) =>
        {
            var (row, error) = await ReadGuard.InstanceAsync(instances, caller, instanceName, ct);
            return row is null ? error! : Found<KafkaView>(await config.KafkaAsync(instanceName, ct) is { } k ? new KafkaView(instanceName, k.Enabled, k.Events) : null);
        }).RequireApiKey().WithTags("Kafka");

        routes.MapPost("/websocket/set/{instanceName}", (string instanceName, HttpContext http, Caller caller, WritePath write, ApiSettings settings) =>
            SetAsync(http, caller, write, settings, "websocket", "setWebsocket", instanceName,
                (command, _, _) => Task.FromResult(new WebsocketView(instanceName, command.SetWebsocket.Websocket.Enabled, [.. command.SetWebsocket.Websocket.Events]))))
            .RequireApiKey().WithTags("WebSocket");
        routes.MapGet("/websocket/find/{instanceName}", async Task<Results<Ok<WebsocketView>, ContentHttpResult, JsonHttpResult<EvolutionError>>> (
            string instanceName, Caller caller, InstanceQueries instances, ConfigQueries config, CancellationToken ct) =>
        {
            var (row, error) = await ReadGuard.InstanceAsync(instances, caller, instanceName, ct);
            return row is null ? error! : Found<WebsocketView>(await config.WebsocketAsync(instanceName, ct) is { } w ? new WebsocketView(instanceName, w.Enabled, w.Events) : null);
        }).RequireApiKey().WithTags("WebSocket");
    }

    // Evolution answers an unset configuration with a JSON null body.
    private static Results<Ok<T>, ContentHttpResult, JsonHttpResult<EvolutionError>> Found<T>(T? value) where T : class =>
        value is null ? TypedResults.Content("null", "application/json") : TypedResults.Ok(value);

    private static async Task<Results<Ok<T>, Created<T>, Accepted<PendingCommand>, JsonHttpResult<EvolutionError>, RetryAfterResult>> SetAsync<T>(
        HttpContext http, Caller caller, WritePath write, ApiSettings settings, string block, string command, string instance, Answer<T> answer)
    {
        var body = await RequestBody.ReadAsync(http.Request, settings.MaxBodyBytes, http.RequestAborted);
        return body is null
            ? ApiErrors.TooLarge(settings.MaxBodyBytes)
            : await write.RunAsync(http, caller, command, instance, WebhookBody.Normalize(body.Value, block), StatusCodes.Status201Created, answer);
    }
}

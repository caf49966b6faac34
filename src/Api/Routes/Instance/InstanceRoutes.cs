using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Evostream.Api.Auth;
using Evostream.Api.Configuration;
using Evostream.Api.Errors;
using Evostream.Api.Reading;
using Evostream.Api.Writing;
using Evostream.Contracts.V1;
using Evostream.Platform.Configuration;
using Evostream.Platform.Credentials;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evostream.Api.Routes.Instance;

/// <summary>Evolution's /instance routes.</summary>
public static class InstanceRoutes
{
    public static void MapInstanceRoutes(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/instance").WithTags("Instance");
        group.MapPost("/create", CreateAsync).RequireApiKey(AuthScope.GlobalOnly);
        group.MapGet("/connect/{instanceName}", ConnectAsync).RequireApiKey();
        group.MapGet("/connectionState/{instanceName}", ConnectionStateAsync).RequireApiKey();
        group.MapGet("/fetchInstances", FetchInstancesAsync).RequireApiKey(AuthScope.AnyInstance);
        // Evolution's code takes POST; some of its docs (and the seed) show PUT.
        group.MapMethods("/restart/{instanceName}", ["POST", "PUT"], (string instanceName, HttpContext http, Caller caller, WritePath write) =>
            write.RunAsync(http, caller, "restartInstance", instanceName, StatusCodes.Status201Created,
                (_, _, _) => Task.FromResult(ConnectionStateView.Of(instanceName, "connecting")))).RequireApiKey();
        group.MapDelete("/logout/{instanceName}", (string instanceName, HttpContext http, Caller caller, WritePath write) =>
            write.RunAsync(http, caller, "logoutInstance", instanceName, StatusCodes.Status200OK,
                (_, _, _) => Task.FromResult(SuccessView.Of("Instance logged out")))).RequireApiKey();
        group.MapDelete("/delete/{instanceName}", (string instanceName, HttpContext http, Caller caller, WritePath write) =>
            write.RunAsync(http, caller, "deleteInstance", instanceName, StatusCodes.Status200OK,
                (_, _, _) => Task.FromResult(SuccessView.Of("Instance deleted")))).RequireApiKey();
        group.MapPost("/setPresence/{instanceName}", (string instanceName, HttpContext http, Caller caller, WritePath write) =>
            write.RunAsync(http, caller, "setPresence", instanceName, StatusCodes.Status201Created,
                (command, _, _) => Task.FromResult(new PresenceView(command.SetPresence.Presence)))).RequireApiKey();
    }

    private static async Task<Results<Ok<CreateInstanceView>, Created<CreateInstanceView>, Accepted<PendingCommand>, JsonHttpResult<EvolutionError>, RetryAfterResult>> CreateAsync(
        HttpContext http, Caller caller, WritePath write, InstanceQueries instances, ApiSettings settings, EvostreamSettings platform, TimeProvider time)
    {
        var body = await RequestBody.ReadAsync(http.Request, settings.MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            return ApiErrors.TooLarge(settings.MaxBodyBytes);
        }

        // Evolution generates the token when the body gives none; only its SHA-256 leaves the Api.
        var generated = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        var read = CommandBody.Read("createInstance", null, body.Value, new JsonObject { ["token"] = generated });
        if (read.Envelope is not { } envelope)
        {
            return ApiErrors.BadRequest(read.Error!);
        }

        var token = TokenFromBody(body.Value) ?? generated;
        if (await instances.FindAsync(envelope.Instance, http.RequestAborted) is not null)
        {
            return ApiErrors.NameTaken(envelope.Instance);
        }

        var create = envelope.CreateInstance;
        if (create.InstanceId.Length == 0)
        {
            create.InstanceId = Guid.NewGuid().ToString();
        }

        var business = create.Integration == WhatsAppBusiness;
        if (business && await BusinessCredentialsAsync(envelope, TokenFromBody(body.Value), instances, settings, http.RequestAborted) is { } refused)
        {
            return refused;
        }

        return await write.SubmitAsync(http, caller, envelope, StatusCodes.Status201Created, async (command, outcome, ct) =>
        {
            QrCodeView? qr = null;
            if (create.Qrcode)
            {
                qr = QrCodeView.Of(await QrWait.NewerThanAsync(instances, command, settings.OutcomeWait, time, ct));
            }

            var row = await instances.FindAsync(command.Instance, ct);
            var webhook = create.Webhook;
            return new CreateInstanceView(
                new CreateInstanceView.InstanceBlock(command.Instance, create.InstanceId, Integration(create.Integration),
                    business ? new Uri(platform.ServerUrl, "webhook/meta").AbsoluteUri : null,
                    business ? platform.WaBusiness.VerifyToken : "",
                    row?.ConnectionStatus ?? (business ? "open" : create.Qrcode ? "connecting" : "close")),
                // The token of a WHATSAPP-BUSINESS instance is Meta's access token: used as the instance's apikey, never echoed.
                business ? "" : token,
                new CreateInstanceView.WebhookBlock(webhook?.Url is { Length: > 0 } url ? url : null,
                    webhook?.Headers ?? (IReadOnlyDictionary<string, string>)new Dictionary<string, string>(), webhook?.ByEvents ?? false, webhook?.Base64 ?? false),
                new(false), new(false), new(false), new(false),
                CreateInstanceView.SettingsBlock.Of(create.Settings),
                qr,
                outcome.Detail);
        });
    }

    private static async Task<Results<Ok<object>, Created<object>, Accepted<PendingCommand>, JsonHttpResult<EvolutionError>, RetryAfterResult>> ConnectAsync(
        string instanceName, string? number, HttpContext http, Caller caller, WritePath write, InstanceQueries instances, ApiSettings settings, TimeProvider time)
    {
        // Evolution answers an open instance with its state and does not reconnect it.
        if (await instances.FindAsync(instanceName, http.RequestAborted) is { ConnectionStatus: "open" })
        {
            return TypedResults.Ok<object>(ConnectionStateView.Of(instanceName, "open"));
        }

        var extra = number is null ? null : new JsonObject { ["number"] = number };
        return await write.RunAsync<object>(http, caller, "connectInstance", instanceName, StatusCodes.Status200OK, async (command, _, ct) =>
            QrCodeView.Of(await QrWait.NewerThanAsync(instances, command, settings.OutcomeWait, time, ct)), extra);
    }

    private static async Task<Results<Ok<ConnectionStateView>, JsonHttpResult<EvolutionError>>> ConnectionStateAsync(
        string instanceName, Caller caller, InstanceQueries instances, CancellationToken ct)
    {
        var (row, error) = await ReadGuard.InstanceAsync(instances, caller, instanceName, ct);
        return row is null ? error! : TypedResults.Ok(ConnectionStateView.Of(row.Name, row.ConnectionStatus));
    }

    private static async Task<Results<Ok<IReadOnlyList<InstanceView>>, JsonHttpResult<EvolutionError>>> FetchInstancesAsync(
        string? instanceName, string? instanceId, string? number, Caller caller, InstanceQueries instances, CancellationToken ct)
    {
        var rows = await instances.ListAsync(instanceName, instanceId, number, caller.Kind == CallerKind.InstanceToken ? caller.Instance : null, ct);
        if (rows.Count == 0 && (instanceName ?? instanceId) is { } asked)
        {
            return ApiErrors.InstanceNotFound(asked);
        }

        return TypedResults.Ok<IReadOnlyList<InstanceView>>([.. rows.Select(InstanceView.Of)]);
    }

    private static string Integration(string given) => given.Length == 0 ? "WHATSAPP-BAILEYS" : given;

    private const string WhatsAppBusiness = "WHATSAPP-BUSINESS";

    /// <summary>
    /// A WHATSAPP-BUSINESS instance sends with Meta's access token (Evolution's <c>token</c>): it leaves the Api only
    /// sealed, and a phone number id serves one instance, since inbound webhooks are routed by it.
    /// </summary>
    private static async Task<JsonHttpResult<EvolutionError>?> BusinessCredentialsAsync(
        CommandEnvelope envelope, string? token, InstanceQueries instances, ApiSettings settings, CancellationToken ct)
    {
        var create = envelope.CreateInstance;
        if (token is null)
        {
            return ApiErrors.BadRequest("token is required for WHATSAPP-BUSINESS: it is the Graph API access token of the number.");
        }

        if (create.Number.Length == 0 || !create.Number.All(char.IsAsciiDigit))
        {
            return ApiErrors.BadRequest("number is required for WHATSAPP-BUSINESS: the phone number id Meta shows for the number (digits).");
        }

        if (await instances.InstanceOfPhoneNumberIdAsync(create.Number, null, ct) is { } owner)
        {
            return ApiErrors.Status(StatusCodes.Status409Conflict, $"The phone number id {create.Number} is already used by the instance \"{owner}\".");
        }

        if (settings.CredentialKeys is not { } keys)
        {
            return ApiErrors.Status(StatusCodes.Status503ServiceUnavailable,
                "EVOSTREAM_CREDENTIALS_KEYS is not set on the Api, so it cannot store a WHATSAPP-BUSINESS access token encrypted; set it to the connector's keys.");
        }

        create.AccessTokenSealed = new CredentialsCipher(keys).SealText(token, envelope.Instance);
        return null;
    }

    private static string? TokenFromBody(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        using var document = System.Text.Json.JsonDocument.Parse(body);
        return document.RootElement.TryGetProperty("token", out var token) && token.ValueKind == System.Text.Json.JsonValueKind.String
            && token.GetString() is { Length: > 0 } text ? text : null;
    }
}

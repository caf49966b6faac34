using System.Text.Json;
using Evostream.Connector.Drivers.Simulator.Control;
using Evostream.Platform.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Evostream.Connector.Drivers.Simulator.Http;

public static class SimulatorEndpoints
{
    /// <summary>
    /// The control surface over HTTP, for dev mode only: GET /simulator/status and POST /simulator/{action}, each
    /// with the stack's API key in the <c>apikey</c> header. Needs <see cref="SimulatorRegistration.AddWhatsAppSimulator"/>.
    /// </summary>
    public static IEndpointRouteBuilder MapSimulator(this IEndpointRouteBuilder routes, string apiKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiKey);
        var group = routes.MapGroup(SimulatorApi.Prefix);
        group.AddEndpointFilter(async (context, next) =>
            ApiKey.Matches(context.HttpContext.Request.Headers[SimulatorApi.ApiKeyHeader].ToString(), apiKey)
                ? await next(context)
                : Failure(new ControlResult(false, $"the {SimulatorApi.ApiKeyHeader} header must carry the dev stack's AUTHENTICATION_API_KEY (see .evostream/dev.env).", 401, null)));

        group.MapGet("/status", (SimulatorControl control) => Results.Json(control.Status(), SimulatorApi.Json));
        group.MapPost("/{action}", async (string action, HttpContext context, SimulatorControl control, CancellationToken ct) =>
        {
            if (!SimulatorApi.Actions.Contains(action, StringComparer.Ordinal))
            {
                return Failure(ControlResult.NotFound($"no simulator action '{action}'; actions: {string.Join(", ", SimulatorApi.Actions)}."));
            }

            SimulatorApi.Request? request;
            try
            {
                request = await context.Request.ReadFromJsonAsync<SimulatorApi.Request>(SimulatorApi.Json, ct);
            }
            catch (JsonException e)
            {
                return Failure(ControlResult.BadInput($"the body is not a simulator request: {e.Message}"));
            }
            catch (InvalidOperationException e)
            {
                return Failure(ControlResult.BadInput($"send a JSON body (Content-Type: application/json): {e.Message}"));
            }

            var result = Run(control, action, request ?? new SimulatorApi.Request());
            return result.Ok ? Results.Json(result.Value ?? new { ok = true }, SimulatorApi.Json) : Failure(result);
        });
        return routes;
    }

    /// <summary>
    /// For a dev stack on the real transports: every /simulator call is answered 409 with <paramref name="reason"/>, so
    /// <c>evostream simulator</c> says why instead of failing obscurely.
    /// </summary>
    public static IEndpointRouteBuilder MapSimulatorOff(this IEndpointRouteBuilder routes, string reason)
    {
        routes.Map(SimulatorApi.Prefix + "/{**rest}", () => Failure(new ControlResult(false, reason, StatusCodes.Status409Conflict, null)));
        return routes;
    }

    private static ControlResult Run(SimulatorControl control, string action, SimulatorApi.Request r) => action switch
    {
        "scan" => control.ScanQr(r.Code, r.Number),
        "pair" => control.EnterPairingCode(r.Code),
        "send" when r.Mediatype is not null => control.SendMedia(r.From, r.To, r.Mediatype, r.Url, r.Caption, pushName: r.PushName),
        "send" => control.SendText(r.From, r.To, r.Text, r.PushName),
        "react" => control.React(r.From, r.To, r.MessageId, r.Emoji),
        "read" => control.Read(r.From, r.MessageId),
        "presence" => control.Presence(r.From, r.To, r.Presence),
        "group" => control.AddToGroup(r.From, r.To, r.Subject, r.GroupJid),
        "call" => control.Call(r.From, r.To, r.Video),
        "disconnect" => r.Reason is { } reason ? control.Disconnect(r.Number, reason) : ControlResult.BadInput("reason is missing: 401, 408, 440 or 515."),
        "ban" => control.Ban(r.Number),
        _ => r.Present is { } present ? control.SetOnNetwork(r.Number, present) : ControlResult.BadInput("present is missing: true puts the number on WhatsApp, false takes it off."),
    };

    private static IResult Failure(ControlResult result) =>
        Results.Json(new SimulatorApi.Error(result.Error ?? "failed"), SimulatorApi.Json, statusCode: result.Status);
}

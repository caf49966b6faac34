using System.Security.Cryptography;
using System.Text;
using Evostream.Api.Configuration;
using Evostream.Api.Errors;
using Evostream.Api.Reading;
using Evostream.Api.Writing;
using Evostream.Contracts.V1;
using Evostream.Platform.Configuration;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Mvc;

namespace Evostream.Api.Routes.Meta;

/// <summary>What a webhook POST did: items written to Kafka, and phone number ids no instance sends from.</summary>
public sealed record MetaWebhookAnswer(int Written, int SkippedChanges, IReadOnlyList<string> Unrouted);

/// <summary>
/// Meta's webhook for WHATSAPP-BUSINESS instances. Meta cannot send an API key, so the route is open and trusts
/// only a valid X-Hub-Signature-256. Each message or status is written to the commands topic (acks=all), keyed
/// by its instance, before the 200 that stops Meta retrying; the connector turns it into Evolution's events.
/// </summary>
public static partial class MetaWebhookRoutes
{
    public static void MapMetaWebhookRoutes(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var settings = app.Services.GetRequiredService<EvostreamSettings>().WaBusiness;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Evostream.Api.MetaWebhook");
        if (settings.AppSecret is null)
        {
            if (settings.AllowUnsigned)
            {
                LogUnsigned(logger);
            }
            else
            {
                LogNoSecret(logger);
            }
        }

        var group = app.MapGroup("/webhook/meta").WithTags("Meta webhook");
        group.MapGet("", Verify);
        group.MapPost("", ReceiveAsync);
    }

    private static Results<ContentHttpResult, JsonHttpResult<EvolutionError>> Verify(
        [FromQuery(Name = "hub.mode")] string? mode, [FromQuery(Name = "hub.verify_token")] string? token, [FromQuery(Name = "hub.challenge")] string? challenge,
        EvostreamSettings settings)
    {
        if (string.IsNullOrEmpty(challenge))
        {
            return ApiErrors.BadRequest("hub.challenge is required: Meta's verification request echoes it.");
        }

        var expected = settings.WaBusiness.VerifyToken;
        if (mode != "subscribe" || expected.Length == 0 || token is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(token), Encoding.UTF8.GetBytes(expected)))
        {
            return ApiErrors.Status(StatusCodes.Status403Forbidden, expected.Length == 0
                ? "WA_BUSINESS_TOKEN_WEBHOOK is not set, so no verification request is accepted."
                : "hub.mode must be 'subscribe' and hub.verify_token must be WA_BUSINESS_TOKEN_WEBHOOK.");
        }

        return TypedResults.Text(challenge, "text/plain");
    }

    private static async Task<Results<Ok<MetaWebhookAnswer>, JsonHttpResult<EvolutionError>>> ReceiveAsync(
        HttpContext http, EvostreamSettings platform, ApiSettings settings, InstanceQueries instances, CommandProducer producer, TimeProvider time, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("Evostream.Api.MetaWebhook");
        var body = await RequestBody.ReadAsync(http.Request, settings.MaxBodyBytes, http.RequestAborted);
        if (body is null)
        {
            return ApiErrors.TooLarge(settings.MaxBodyBytes);
        }

        var business = platform.WaBusiness;
        if (business.AppSecret is { } secret)
        {
            if (!MetaSignature.IsValid(http.Request.Headers[MetaSignature.Header].ToString(), body.Value.Span, secret))
            {
                return ApiErrors.Status(StatusCodes.Status401Unauthorized, $"{MetaSignature.Header} is missing or does not match the body under the app secret.");
            }
        }
        else if (!business.AllowUnsigned)
        {
            return ApiErrors.Status(StatusCodes.Status401Unauthorized,
                "EVOSTREAM_WA_BUSINESS_APP_SECRET is not set, so webhook signatures cannot be checked; set it (or EVOSTREAM_WA_BUSINESS_ALLOW_UNSIGNED=true to accept unsigned webhooks as Evolution does).");
        }

        var (items, skipped, error) = MetaWebhookPayload.Read(body.Value);
        if (items is null)
        {
            return ApiErrors.BadRequest(error!);
        }

        var owners = new Dictionary<string, string?>(StringComparer.Ordinal);
        var unrouted = new SortedSet<string>(StringComparer.Ordinal);
        var written = 0;
        foreach (var item in items)
        {
            if (!owners.TryGetValue(item.PhoneNumberId, out var instance))
            {
                instance = owners[item.PhoneNumberId] = await instances.InstanceOfPhoneNumberIdAsync(item.PhoneNumberId, null, http.RequestAborted);
            }

            if (instance is null)
            {
                unrouted.Add(item.PhoneNumberId);
                continue;
            }

            var envelope = new CommandEnvelope
            {
                CommandId = item.CommandId,
                Instance = instance,
                IssuedAt = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
                IssuedBy = new Issuer { Kind = "api", Principal = "meta-webhook" },
                MetaWebhookItem = item.Item,
            };
            try
            {
                await producer.ProduceAsync(envelope);
                written++;
            }
            catch (CommandNotWrittenException e)
            {
                // Meta retries anything but a 200; what was written already is dropped then by its command id.
                LogNotWritten(logger, e.Message);
                return ApiErrors.Status(StatusCodes.Status503ServiceUnavailable, "Kafka did not take the webhook; Meta will retry it.");
            }
        }

        if (unrouted.Count > 0)
        {
            LogUnrouted(logger, string.Join(", ", unrouted));
        }

        return TypedResults.Ok(new MetaWebhookAnswer(written, skipped, [.. unrouted]));
    }

    [LoggerMessage(LogLevel.Warning, "EVOSTREAM_WA_BUSINESS_ALLOW_UNSIGNED=true: /webhook/meta accepts webhooks without checking their signature; anyone who can reach it can inject messages")]
    private static partial void LogUnsigned(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "EVOSTREAM_WA_BUSINESS_APP_SECRET is not set: /webhook/meta refuses every webhook with 401 until it is (or EVOSTREAM_WA_BUSINESS_ALLOW_UNSIGNED=true)")]
    private static partial void LogNoSecret(ILogger logger);

    [LoggerMessage(LogLevel.Warning, "/webhook/meta: no WHATSAPP-BUSINESS instance sends from phone number id(s) {PhoneNumberIds}; their items were not written")]
    private static partial void LogUnrouted(ILogger logger, string phoneNumberIds);

    [LoggerMessage(LogLevel.Warning, "/webhook/meta: a webhook item was not written to Kafka: {Reason}")]
    private static partial void LogNotWritten(ILogger logger, string reason);
}

using Evostream.Api.Auth;
using Evostream.Api.Errors;
using Evostream.Api.Reading;
using Evostream.Api.Writing;
using Evostream.Contracts.V1;
using Evostream.Delivery.Signing;
using Evostream.Platform.Configuration;
using Evostream.Platform.Kafka;
using Google.Protobuf;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evostream.Api.Routes.Configuration;

/// <summary>
/// Evostream's webhook routes beyond Evolution's: what was delivered and what was parked, sending the parked ones
/// again, and the Ed25519 public keys that verify <c>v1a</c> signatures.
/// </summary>
public static class WebhookDeliveryRoutes
{
    public static void MapWebhookDeliveryRoutes(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/webhook/deliveries/{instanceName}", async Task<Results<Ok<IReadOnlyList<DeliveryView>>, JsonHttpResult<EvolutionError>>> (
            string instanceName, string? state, int? limit, Caller caller, InstanceQueries instances, DeliveryQueries deliveries, CancellationToken ct) =>
        {
            var (row, error) = await ReadGuard.InstanceAsync(instances, caller, instanceName, ct);
            if (row is null)
            {
                return error!;
            }

            if (state is not (null or "delivered" or "retrying" or "parked"))
            {
                return ApiErrors.BadRequest($"'state' must be delivered, retrying or parked, not '{state}'");
            }

            if (limit is < 1 or > 1000)
            {
                return ApiErrors.BadRequest("'limit' must be from 1 to 1000");
            }

            return TypedResults.Ok(await deliveries.RecentAsync(instanceName, state, limit ?? 100, ct));
        }).RequireApiKey().WithTags("Webhook");

        routes.MapPost("/webhook/redeliver/{instanceName}", async Task<Results<Accepted<RedeliverView>, JsonHttpResult<EvolutionError>>> (
            string instanceName, Caller caller, InstanceQueries instances, DeliveryQueries deliveries, CommandProducer producer,
            EvostreamSettings settings, TimeProvider time, CancellationToken ct) =>
        {
            var (row, error) = await ReadGuard.InstanceAsync(instances, caller, instanceName, ct);
            if (row is null)
            {
                return error!;
            }

            var at = time.GetUtcNow();
            var request = new WebhookRedeliverRequest { Instance = instanceName, RequestedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(at) };
            await producer.ProduceAsync(new StageTopics(settings.Kafka.TopicPrefix).WebhookRedeliver, instanceName, request.ToByteArray());
            var parked = await deliveries.ParkedCountAsync(instanceName, ct);
            return TypedResults.Accepted($"/webhook/deliveries/{instanceName}", new RedeliverView(instanceName, at, parked));
        }).RequireApiKey().WithTags("Webhook");

        routes.MapGet("/webhook/signing-key", (WebhookSigner signer) =>
            TypedResults.Ok(new SigningKeysView([.. signer.PublicKeys.Select(k => new SigningKeyView("Ed25519", k))])))
            .RequireApiKey().WithTags("Webhook");
    }
}

public sealed record DeliveryView(
    string DeliveryId, string Event, string EventId, string Target, string Url, string State, int Attempts, int? LastStatus, string? LastError,
    DateTimeOffset FirstAttemptAt, DateTimeOffset UpdatedAt);

/// <param name="Parked">Parked deliveries when the request was made; they are sent again in their original order.</param>
public sealed record RedeliverView(string Instance, DateTimeOffset RequestedAt, long Parked);

public sealed record SigningKeyView(string Algorithm, string PublicKey);

/// <summary>Verify a <c>v1a,</c> signature with any of these raw 32-byte Ed25519 public keys (base64).</summary>
public sealed record SigningKeysView(IReadOnlyList<SigningKeyView> Keys);

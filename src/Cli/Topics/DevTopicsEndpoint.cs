using System.Net;
using System.Text.Json;
using Evostream.Platform.Configuration;
using Evostream.Platform.Hosting;
using Evostream.Platform.Kafka;
using Evostream.Platform.Kafka.Topics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evostream.Cli.Topics;

internal static class DevTopicsEndpoint
{
    // SettingsReader's bounds for KAFKA_TOPIC_PREFIX and KAFKA_NUM_PARTITIONS, whose values the request carries.
    private const int MaxPrefixLength = 64;
    private const int MaxPartitions = 10_000;

    /// <summary>
    /// POST /dev/topics/apply: the dev stack applies the catalog to its embedded cluster on behalf of
    /// <c>./evostream topics apply</c>. Only from this machine, and only with the stack's API key.
    /// </summary>
    public static void MapDevTopics(this IEndpointRouteBuilder routes, TopicCatalog catalog, ITopicBackend backend, KafkaSettings kafka, string apiKey) =>
        routes.MapPost(DevTopicsApi.Path, async Task<IResult> (HttpContext context, CancellationToken ct) =>
        {
            if (context.Connection.RemoteIpAddress is not { } address || !IPAddress.IsLoopback(address))
            {
                return Failure(StatusCodes.Status403Forbidden, "dev topic provisioning answers loopback requests only.");
            }

            if (!ApiKey.Matches(context.Request.Headers[DevTopicsApi.ApiKeyHeader].ToString(), apiKey))
            {
                return Failure(StatusCodes.Status401Unauthorized, $"the {DevTopicsApi.ApiKeyHeader} header must carry the dev stack's AUTHENTICATION_API_KEY (see dev.env).");
            }

            DevTopicsApi.Request? request;
            try
            {
                request = await context.Request.ReadFromJsonAsync<DevTopicsApi.Request>(DevTopicsApi.Json, ct);
            }
            catch (JsonException e)
            {
                return Failure(StatusCodes.Status400BadRequest, $"the body is not a topics apply request: {e.Message}");
            }

            if (request is null)
            {
                return Failure(StatusCodes.Status400BadRequest, "the body is empty; send a topics apply request.");
            }

            if (!TopicNames.IsLegal(request.TopicPrefix) || request.TopicPrefix.Length > MaxPrefixLength)
            {
                return Failure(StatusCodes.Status400BadRequest, $"topicPrefix '{request.TopicPrefix}' must be 1 to {MaxPrefixLength} Kafka topic characters, as KAFKA_TOPIC_PREFIX.");
            }

            if (request.NumPartitions is < 1 or > MaxPartitions || request.ReplicationFactor is < 1)
            {
                return Failure(StatusCodes.Status400BadRequest,
                    $"numPartitions must be 1 to {MaxPartitions} and replicationFactor at least 1, as KAFKA_NUM_PARTITIONS and KAFKA_REPLICATION_FACTOR.");
            }

            try
            {
                var provisioner = new TopicProvisioner(catalog, backend, request.Apply(kafka));
                return TypedResults.Json(await provisioner.ApplyAsync(request.Options, request.Instances, ct), DevTopicsApi.Json);
            }
            catch (ArgumentException e)
            {
                return Failure(StatusCodes.Status400BadRequest, e.Message);
            }
            catch (TopicBackendException e)
            {
                return Failure(StatusCodes.Status502BadGateway, e.Message);
            }
        });

    private static JsonHttpResult<DevTopicsApi.Error> Failure(int status, string message) =>
        TypedResults.Json(new DevTopicsApi.Error(message), DevTopicsApi.Json, statusCode: status);
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Evostream.Platform.Configuration;
using Evostream.Platform.Hosting;
using Evostream.Platform.Kafka.Topics;

namespace Evostream.Cli.Topics;

/// <summary>
/// What <c>topics apply</c> sends to a running <c>./evostream dev</c> process. Its embedded Kafka answers no admin
/// request, and its mock API is reachable only inside that process, so the process applies the catalog itself,
/// with the caller's topic settings.
/// </summary>
internal static class DevTopicsApi
{
    public const string Path = "/dev/topics/apply";
    public const string ApiKeyHeader = ApiKey.Header;

    // Missing or null fields are refused as bad requests rather than read as defaults.
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public sealed record Request(
        bool GrowPartitions,
        bool DryRun,
        IReadOnlyList<string> Instances,
        string TopicPrefix,
        bool GlobalEnabled,
        int? NumPartitions,
        short? ReplicationFactor)
    {
        public static Request From(TopicsApply.Request request, KafkaSettings kafka) =>
            new(request.GrowPartitions, request.DryRun, request.Instances, kafka.TopicPrefix, kafka.GlobalEnabled, kafka.NumPartitions, kafka.ReplicationFactor);

        public ApplyOptions Options => new(GrowPartitions, DryRun);

        public KafkaSettings Apply(KafkaSettings kafka) =>
            kafka with { TopicPrefix = TopicPrefix, GlobalEnabled = GlobalEnabled, NumPartitions = NumPartitions, ReplicationFactor = ReplicationFactor };
    }

    public sealed record Error(string Message);
}

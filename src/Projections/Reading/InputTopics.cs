using System.Text.RegularExpressions;
using Evostream.Contracts.Evolution;
using Evostream.Platform.Configuration;
using Evostream.Platform.Kafka;

namespace Evostream.Projections.Reading;

/// <summary>
/// The event topics of the configured mode. With KAFKA_GLOBAL_ENABLED the global topics carry every event, so only
/// they are read (reading per-instance topics too would see each event twice); otherwise a pattern subscription
/// follows the per-instance topics as instances come and go.
/// </summary>
public sealed class InputTopics
{
    private readonly string _globalStart;
    private readonly Regex _perInstance;

    public InputTopics(KafkaSettings settings)
    {
        var prefix = settings.TopicPrefix;
        _globalStart = prefix + "." + EvolutionTopics.GlobalSegment + ".";
        Global = settings.GlobalEnabled;
        Rejections = new StageTopics(prefix).RejectedCommands;
        // librdkafka's regex has no look-ahead, so the subscription takes every topic under the prefix and
        // Accepts drops the global ones; in this mode they hold nothing anyway.
        Subscription = Global
            ? [.. EvolutionEvents.Published.Select(e => EvolutionTopics.Global(prefix, e)), Rejections]
            : ["^" + Regex.Escape(prefix).Replace("-", "\\-", StringComparison.Ordinal) + "\\..+", Rejections];
        _perInstance = new Regex("^" + Regex.Escape(prefix) + "\\..+", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    public bool Global { get; }

    /// <summary>The processor's rejected-commands topic: the only trace of commands for instances that do not exist.</summary>
    public string Rejections { get; }

    /// <summary>What the consumer subscribes to: topic names, or one <c>^</c> pattern.</summary>
    public IReadOnlyList<string> Subscription { get; }

    /// <summary>Whether a record of this topic is projected.</summary>
    public bool Accepts(string topic) => topic == Rejections || (Global
        ? topic.StartsWith(_globalStart, StringComparison.Ordinal)
        : _perInstance.IsMatch(topic) && !topic.StartsWith(_globalStart, StringComparison.Ordinal));
}

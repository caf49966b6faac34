using Evostream.Platform.Configuration;

namespace Evostream.Platform.Kafka.Topics;

/// <summary>Catalog retention ("7d", "12h", "forever") to and from Kafka's <c>retention.ms</c>.</summary>
public static class TopicRetention
{
    public const long Forever = -1;

    /// <summary>A positive <see cref="Durations">duration</see>, or <c>forever</c>; null for anything else.</summary>
    public static long? ParseMillis(string text) =>
        text == "forever" ? Forever : Durations.ParseMillis(text) is { } millis && millis > 0 ? millis : null;

    public static string Format(long millis) => millis < 0 ? "forever" : Durations.Format(millis);
}

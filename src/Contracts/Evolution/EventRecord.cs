namespace Evostream.Contracts.Evolution;

/// <summary>A Kafka record as Evostream writes it; the Kafka client turns it into a message unchanged.</summary>
public sealed record EventRecord(string Topic, string Key, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Value);

/// <summary>Where and how events are published.</summary>
/// <param name="TopicPrefix">KAFKA_TOPIC_PREFIX.</param>
/// <param name="PerInstanceTopics">Write <c>&lt;prefix&gt;.&lt;instance&gt;.&lt;event&gt;</c>.</param>
/// <param name="GlobalTopics">Write <c>&lt;prefix&gt;.global.&lt;event&gt;</c> (KAFKA_GLOBAL_ENABLED).</param>
/// <param name="ServerUrl">SERVER_URL, echoed as <c>server_url</c>.</param>
/// <param name="Origin">The <c>origin</c> header.</param>
/// <param name="Feed">Also write <c>evostream.&lt;prefix&gt;.events</c>, the ordered feed that outward delivery reads.</param>
public sealed record EventPublishing(string TopicPrefix, bool PerInstanceTopics, bool GlobalTopics, string ServerUrl, string Origin = "Evostream", bool Feed = false);

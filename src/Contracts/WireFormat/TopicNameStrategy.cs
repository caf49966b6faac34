namespace Evostream.Contracts.WireFormat;

/// <summary>Confluent's default subject naming: one subject per topic and record part, so a topic has one evolving schema.</summary>
public static class TopicNameStrategy
{
    public static string Subject(string topic, bool isKey = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        return topic + (isKey ? "-key" : "-value");
    }
}

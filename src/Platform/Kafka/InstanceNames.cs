using Evostream.Contracts.Evolution;
using System.Diagnostics.CodeAnalysis;

namespace Evostream.Platform.Kafka;

/// <summary>
/// Which instance names can exist. Evolution accepts any non-empty name and lets the broker reject the topics
/// later; Evostream refuses up front, with a message that names the limit, because every instance owns the topics
/// <c>&lt;prefix&gt;.&lt;instance&gt;.&lt;event&gt;</c>. Names that differ only by '.' versus '_' ("a.b", "a_b")
/// are legal here, but Kafka refuses to create the second one's topics because their metric names collide.
/// </summary>
public static class InstanceNames
{
    /// <summary>Its per-instance topics would be the global-mode topics of every instance.</summary>
    public const string Reserved = "global";

    private const int ShownCharacters = 40;

    /// <summary>The longest instance name whose every per-instance topic fits Kafka's topic name limit.</summary>
    public static int MaxLength(string topicPrefix) =>
        TopicNames.MaxLength - Render(topicPrefix, "", EvolutionEvents.Longest).Length;

    public static bool TryValidate(string name, string topicPrefix, [NotNullWhen(false)] out string? error)
    {
        var max = MaxLength(topicPrefix);
        var illegal = name.Where(c => !TopicNames.IsLegalCharacter(c)).Distinct().ToList();
        error = name switch
        {
            "" => $"instance name is empty; give 1 to {max} characters of a-z, A-Z, 0-9, '.', '_' or '-'.",
            _ when illegal.Count > 0 =>
                $"instance name '{Shown(name)}' contains {string.Join(", ", illegal.Select(c => $"'{c}'"))}, which Kafka topic names cannot hold; use only a-z, A-Z, 0-9, '.', '_' and '-'.",
            Reserved => $"instance name '{Reserved}' is reserved: its topics {topicPrefix}.global.<event> are the global-mode topics of all instances.",
            _ when name.Length > max =>
                $"instance name '{Shown(name)}' is {name.Length} characters; with KAFKA_TOPIC_PREFIX '{topicPrefix}' the limit is {max}, so that its longest topic {Render(topicPrefix, "<instance>", EvolutionEvents.Longest)} fits Kafka's {TopicNames.MaxLength} characters.",
            _ => null,
        };
        return error is null;
    }

    private static string Render(string prefix, string instance, string eventName) =>
        TopicNames.Render(TopicNames.InstanceEventPattern, prefix, instance, eventName);

    private static string Shown(string name) => name.Length <= ShownCharacters ? name : name[..ShownCharacters] + "…";
}

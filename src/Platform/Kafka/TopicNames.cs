namespace Evostream.Platform.Kafka;

public static class TopicNames
{
    public const int MaxLength = 249;

    /// <summary>Evolution's per-instance event topic; its consumers subscribe to exactly this form.</summary>
    public const string InstanceEventPattern = "{prefix}.{instance}.{event}";

    /// <summary>Evolution's global-mode event topic, shared by all instances.</summary>
    public const string GlobalEventPattern = "{prefix}.global.{event}";

    /// <summary>Kafka's legal topic characters: [a-zA-Z0-9._-], 1 to 249 of them, not "." or "..".</summary>
    public static bool IsLegal(string name) =>
        name.Length is > 0 and <= MaxLength && name is not ("." or "..") && name.All(IsLegalCharacter);

    public static bool IsLegalCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';

    /// <summary>Fills a catalog name pattern's placeholders; those not given stay as they are.</summary>
    public static string Render(string pattern, string prefix, string? instance = null, string? eventName = null)
    {
        var name = pattern.Replace("{prefix}", prefix, StringComparison.Ordinal);
        name = instance is null ? name : name.Replace("{instance}", instance, StringComparison.Ordinal);
        return eventName is null ? name : name.Replace("{event}", eventName, StringComparison.Ordinal);
    }
}

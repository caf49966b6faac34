namespace Evostream.Platform.Kafka;

public static class TopicNames
{
    public const int MaxLength = 249;

    /// <summary>Kafka's legal topic characters: [a-zA-Z0-9._-], 1 to 249 of them, not "." or "..".</summary>
    public static bool IsLegal(string name) =>
        name.Length is > 0 and <= MaxLength && name is not ("." or "..") && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}

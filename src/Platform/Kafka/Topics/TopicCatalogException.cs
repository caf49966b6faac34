namespace Evostream.Platform.Kafka.Topics;

/// <summary>The topic catalog cannot be used; every problem names its entry, its field and its line.</summary>
public sealed class TopicCatalogException(string source, IReadOnlyList<string> errors)
    : Exception($"Topic catalog {source} is invalid:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}

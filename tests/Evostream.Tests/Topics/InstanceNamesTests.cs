using Evostream.Platform.Configuration;
using Evostream.Platform.Kafka;
using Evostream.Platform.Kafka.Topics;
using Evostream.Tests.Configuration;

namespace Evostream.Tests.Topics;

public class InstanceNamesTests
{
    [Theory]
    [InlineData("shop")]
    [InlineData("Shop_1.prod-eu")]
    [InlineData("Global")]
    [InlineData("5511999999999")]
    public void Kafka_legal_names_are_accepted(string name)
    {
        Assert.True(InstanceNames.TryValidate(name, "evolution", out var error), error);
        Assert.Null(error);
    }

    [Theory]
    [InlineData("my shop", "instance name 'my shop' contains ' ', which Kafka topic names cannot hold; use only a-z, A-Z, 0-9, '.', '_' and '-'.")]
    [InlineData("a/b:c", "instance name 'a/b:c' contains '/', ':', which Kafka topic names cannot hold")]
    [InlineData("loja-são-paulo", "instance name 'loja-são-paulo' contains 'ã', which Kafka topic names cannot hold")]
    [InlineData("", "instance name is empty; give 1 to 213 characters of a-z, A-Z, 0-9, '.', '_' or '-'.")]
    [InlineData("global", "instance name 'global' is reserved: its topics evolution.global.<event> are the global-mode topics of all instances.")]
    public void Illegal_names_are_refused_with_the_reason(string name, string expected)
    {
        Assert.False(InstanceNames.TryValidate(name, "evolution", out var error));
        Assert.StartsWith(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evolution", 213)]
    [InlineData("wa", 220)]
    [InlineData("a-sixty-four-character-prefix-for-a-deployment-with-a-long-names", 158)]
    public void The_length_limit_depends_on_the_prefix_and_the_longest_event(string prefix, int max)
    {
        Assert.Equal(max, InstanceNames.MaxLength(prefix));
        Assert.True(InstanceNames.TryValidate(new string('i', max), prefix, out _));
        Assert.False(InstanceNames.TryValidate(new string('i', max + 1), prefix, out var error));
        Assert.Equal(
            $"instance name '{new string('i', 40)}…' is {max + 1} characters; with KAFKA_TOPIC_PREFIX '{prefix}' the limit is {max}, so that its longest topic"
            + $" {prefix}.<instance>.group-participants.update fits Kafka's 249 characters.",
            error);
    }

    [Fact]
    public void Every_topic_of_the_longest_valid_name_is_a_legal_topic()
    {
        var kafka = Env.Read(vars: ("KAFKA_TOPIC_PREFIX", "evolution")).Kafka;
        var topics = TopicCatalog.BuiltIn.InstanceTopics(kafka, new string('x', InstanceNames.MaxLength("evolution")));
        Assert.All(topics, t => Assert.True(TopicNames.IsLegal(t.Name), t.Name));
        Assert.Equal(TopicNames.MaxLength, topics.Max(t => t.Name.Length));
    }
}

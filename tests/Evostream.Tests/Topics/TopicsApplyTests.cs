using Evostream.Cli.Topics;
using Evostream.Platform.Configuration;
using Evostream.Platform.Embedded;
using Evostream.Platform.Kafka;
using Evostream.Platform.Kafka.Topics;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Topics;

/// <summary><c>./evostream topics apply</c>: output and exit codes, in this process (in-process clusters use the mock API).</summary>
public sealed class TopicsApplyTests(EmbeddedStack stack)
{
    private readonly string _noDevStack = Path.Combine(Path.GetTempPath(), $"evostream-no-dev-{Guid.NewGuid():N}", "dev.env");

    [Fact]
    public async Task First_run_creates_second_run_reports_every_topic_unchanged()
    {
        var settings = Settings(stack, EmbeddedStack.NewPrefix("cli"));

        var (first, firstOut, _) = await Run(new TopicsApply.Request(false, false, ["shop"]), settings);
        Assert.Equal(TopicsApply.Matches, first);
        Assert.Contains($"  created    evostream.{settings.Kafka.TopicPrefix}.commands ", firstOut, StringComparison.Ordinal);
        Assert.Contains($"  created    {settings.Kafka.TopicPrefix}.shop.group-participants.update ", firstOut, StringComparison.Ordinal);
        Assert.Contains("51 topics: 51 created, 0 unchanged, 0 grown, 0 drift, 0 missing, 0 failed", firstOut, StringComparison.Ordinal);
        Assert.Contains("note: the embedded cluster implements no DescribeConfigs", firstOut, StringComparison.Ordinal);

        var (second, secondOut, _) = await Run(new TopicsApply.Request(false, false, ["shop"]), settings);
        Assert.Equal(TopicsApply.Matches, second);
        Assert.Contains("51 topics: 0 created, 51 unchanged, 0 grown, 0 drift, 0 missing, 0 failed", secondOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drift_exits_3_and_failures_exit_1()
    {
        var settings = Settings(stack, EmbeddedStack.NewPrefix("cli"));
        stack.Kafka.CreateTopic($"evostream.{settings.Kafka.TopicPrefix}.sessions", 2, 3);

        var (drift, driftOut, _) = await Run(new TopicsApply.Request(false, false, []), settings);
        Assert.Equal(TopicsApply.DriftRemains, drift);
        Assert.Contains($"  drift      evostream.{settings.Kafka.TopicPrefix}.sessions ", driftOut, StringComparison.Ordinal);

        var (failed, failedOut, _) = await Run(new TopicsApply.Request(true, false, []), settings);
        Assert.Equal(TopicsApply.Failed, failed);
        Assert.Contains($"  failed     evostream.{settings.Kafka.TopicPrefix}.sessions ", failedOut, StringComparison.Ordinal);
        Assert.Contains("warning: adding partitions changes which partition each key hashes to", failedOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dry_run_says_so_and_leaves_topics_missing()
    {
        var settings = Settings(stack, EmbeddedStack.NewPrefix("cli"));
        var (code, output, _) = await Run(new TopicsApply.Request(false, true, []), settings);
        Assert.Equal(TopicsApply.Matches, code);
        Assert.Contains("(dry run: nothing changed)", output, StringComparison.Ordinal);
        Assert.Contains("0 created, 0 unchanged, 0 grown, 0 drift, 14 missing, 0 failed", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_instance_names_exit_2_before_touching_the_cluster()
    {
        var settings = Settings(stack, EmbeddedStack.NewPrefix("cli"));
        var (code, output, errors) = await Run(new TopicsApply.Request(false, false, ["ok", "not ok", "global"]), settings);
        Assert.Equal(TopicsApply.BadInput, code);
        Assert.Empty(output);
        Assert.Equal(
            [
                "--instance: instance name 'not ok' contains ' ', which Kafka topic names cannot hold; use only a-z, A-Z, 0-9, '.', '_' and '-'.",
                $"--instance: instance name 'global' is reserved: its topics {settings.Kafka.TopicPrefix}.global.<event> are the global-mode topics of all instances.",
            ],
            errors.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task An_unreachable_cluster_exits_1_with_a_clear_reason()
    {
        var settings = Settings(stack, "unused");
        settings = settings with { Kafka = settings.Kafka with { Brokers = "127.0.0.1:1", RequestTimeout = TimeSpan.FromSeconds(1) } };
        var (code, _, errors) = await Run(new TopicsApply.Request(false, false, []), settings);
        Assert.Equal(TopicsApply.Failed, code);
        Assert.StartsWith("Kafka at 127.0.0.1:1 did not answer DescribeCluster within 1 s", errors, StringComparison.Ordinal);
    }

    internal static EvostreamSettings Settings(EmbeddedStack stack, string prefix) =>
        new SettingsReader(name => name switch
        {
            "KAFKA_BROKERS" => stack.Kafka.BootstrapServers,
            "KAFKA_TOPIC_PREFIX" => prefix,
            _ => null,
        }).Read();

    internal static async Task<(int Code, string Output, string Errors)> Run(EmbeddedStack stack, TopicsApply.Request request, EvostreamSettings settings, string devEnvPath)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var code = await TopicsApply.RunAsync(
            request, settings, EmbeddedTopics.For(stack.Kafka), devEnvPath, output, errors, loggers: null, TestContext.Current.CancellationToken);
        return (code, output.ToString(), errors.ToString());
    }

    private Task<(int Code, string Output, string Errors)> Run(TopicsApply.Request request, EvostreamSettings settings) =>
        Run(stack, request, settings, _noDevStack);
}

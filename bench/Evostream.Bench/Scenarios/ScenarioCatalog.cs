namespace Evostream.Bench.Scenarios;

/// <summary>Every scenario, in the order they run and the report lists them.</summary>
public static class ScenarioCatalog
{
    // Memory runs first: RSS is the whole process, and the clients and broker data earlier scenarios leave behind are
    // released while it measures, which once made 1,000 instances "cost" -144 MiB.
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new MemoryScenario(),
        new LoopVsBareScenario(),
        new CopyBaselineScenario(),
        new ProcessorScenario(),
        new ConnectorScenario(),
        new CloudApi.CloudApiScenario(),
        new RebuildScenario(),
        new ApiScenario(),
        new EndToEndScenario(),
        new Webhooks.WebhooksScenario(),
        new Streams.IdleSubscribersScenario(),
    ];
}

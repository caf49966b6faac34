namespace Evostream.Bench.Scenarios;

/// <summary>Every scenario, in the order the report lists them.</summary>
public static class ScenarioCatalog
{
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new LoopVsBareScenario(),
        new CopyBaselineScenario(),
        new ProcessorScenario(),
        new ConnectorScenario(),
        new MemoryScenario(),
        new RebuildScenario(),
        new ApiScenario(),
        new EndToEndScenario(),
    ];
}

using Evostream.Bench.Measuring;

namespace Evostream.Bench.Scenarios;

public interface IScenario
{
    /// <summary>Short, stable, used by --only.</summary>
    string Name { get; }

    Task<ScenarioResult> RunAsync(BenchStack stack, Profile profile, CancellationToken ct);
}

namespace Evostream.Bench.Measuring;

/// <summary>How much work a run does: quick proves every scenario works in a minute or two; full gives the real numbers.</summary>
public sealed record Profile(string Name, int WarmUps, int Runs, int Records, int Instances, int CopyRows, int ReplayEvents, int LatencyProbes, IReadOnlyList<int> LinkedInstances, int HttpRequests, int HttpClients, int PipelineCommands, IReadOnlyList<int> PipelineInstances)
{
    public static Profile Quick { get; } = new("quick", WarmUps: 1, Runs: 3, Records: 20_000, Instances: 100, CopyRows: 50_000, ReplayEvents: 100_000, LatencyProbes: 20, LinkedInstances: [1_000],
        HttpRequests: 5_000, HttpClients: 32, PipelineCommands: 3_000, PipelineInstances: [1, 100]);

    public static Profile Full { get; } = new("full", WarmUps: 1, Runs: 5, Records: 200_000, Instances: 1_000, CopyRows: 1_000_000, ReplayEvents: 1_000_000, LatencyProbes: 100, LinkedInstances: [1_000, 10_000],
        HttpRequests: 50_000, HttpClients: 64, PipelineCommands: 30_000, PipelineInstances: [1, 100, 10_000]);

    public static Profile? Named(string name) => name switch
    {
        "quick" => Quick,
        "full" => Full,
        _ => null,
    };
}

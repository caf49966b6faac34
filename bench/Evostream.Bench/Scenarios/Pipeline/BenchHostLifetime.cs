using Microsoft.Extensions.Hosting;

namespace Evostream.Bench.Scenarios.Pipeline;

/// <summary>
/// A host lifetime that leaves signals to the bench: the bench stops its pipeline hosts itself, and a host that took
/// SIGTERM for its own would stop its services while the bench waited on them.
/// </summary>
internal sealed class BenchHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

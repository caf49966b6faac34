namespace Evostream.Bench.Scenarios.Pipeline;

/// <summary>How a bench client hands a sendText command to Evostream: straight onto the commands topic, or through the REST API.</summary>
public interface ICommandIngress : IAsyncDisposable
{
    /// <summary>"Kafka" or "REST", as the report names it.</summary>
    string Name { get; }

    /// <summary>Submits command <paramref name="i"/> for <paramref name="instance"/>; completes with its command id once Evostream has it.</summary>
    Task<string> SubmitAsync(int i, string instance, CancellationToken ct);

    /// <summary>Completes once everything submitted is durably in Kafka.</summary>
    Task DrainAsync(CancellationToken ct);
}

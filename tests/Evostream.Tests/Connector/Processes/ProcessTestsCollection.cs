namespace Evostream.Tests.Execution.Processes;

/// <summary>
/// The separate-process tests run on their own, not beside the rest of the suite: three connector processes plus
/// the embedded cluster already fill a 2-core machine, and starved of CPU they miss the group's session timeouts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessTestsCollection
{
    public const string Name = "connector processes";
}

namespace Evostream.Tests.Embedded;

/// <summary>
/// Tests that run <c>./evostream dev</c> itself. Two at once race for the dev stack's preferred PostgreSQL port
/// (both see it free, one loses), so they take turns.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DevStacksCollection
{
    public const string Name = "dev stacks";
}

using Evostream.Connector.Drivers;
using Evostream.Contracts.V1;

namespace Evostream.Connector.Sessions;

/// <summary>An instance of an owned partition: its state, its sealed credentials and, while it runs, its session.</summary>
public sealed class OwnedInstance(string name, int partition)
{
    public string Name { get; } = name;

    /// <summary>The partition number its commands, state and credentials live in.</summary>
    public int Partition { get; set; } = partition;

    /// <summary>Null until created (or after deletion).</summary>
    public InstanceState? State { get; set; }

    /// <summary>The credentials as stored ("enc:v1:..."), null when unlinked.</summary>
    public string? SealedCredentials { get; set; }

    public IWhatsAppSession? Session { get; set; }

    public bool Exists => State is not null && State.Connection != "deleted";
}

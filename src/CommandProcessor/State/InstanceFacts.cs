namespace Evostream.CommandProcessor.State;

/// <summary>What validation needs to know about an instance, combining the connector's state and this processor's own.</summary>
internal readonly record struct InstanceFacts(bool Exists, bool WasDeleted, string Connection, bool HoldUntilConnected)
{
    public const string Open = "open";
    public const string Deleted = "deleted";

    public static InstanceFacts Unknown { get; } = new(false, false, "", false);

    public bool IsOpen => Connection == Open;
}

namespace Evostream.Contracts.Evolution;

/// <summary>Evolution's topic names and record keys (reference: kafka.controller.ts getTopicName and emit).</summary>
public static class EvolutionTopics
{
    public const string GlobalSegment = "global";

    /// <summary><c>&lt;prefix&gt;.&lt;instance&gt;.&lt;event&gt;</c>; the instance name keeps its case, as in Evolution.</summary>
    public static string PerInstance(string prefix, string instance, string eventName) => $"{prefix}.{instance}.{eventName.ToLowerInvariant()}";

    /// <summary>
    /// <c>&lt;prefix&gt;.global.&lt;event&gt;</c> from the dotted wire name, hyphens kept: the name Evolution's producer
    /// writes to (its topic creation used another spelling for hyphenated events; Evostream creates this one).
    /// </summary>
    public static string Global(string prefix, string eventName) => $"{prefix}.{GlobalSegment}.{eventName.ToLowerInvariant()}";

    public static string PerInstanceKey(string instance) => instance;

    /// <summary>Evolution keys global records by instance and event, so one instance's events of one kind stay in order.</summary>
    public static string GlobalKey(string instance, string eventName) => $"{instance}-{eventName}";
}

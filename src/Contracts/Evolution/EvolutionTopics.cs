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

    /// <summary>
    /// <c>evostream.&lt;prefix&gt;.events</c>: every event once, keyed by instance, written in the same transaction as
    /// the event topics. Evolution's layout spreads one instance's events over one topic per event name, whose offsets
    /// say nothing about the order between them; on this topic an instance's events sit in one partition in the order
    /// they were produced, so webhooks, WebSocket and SSE deliver them in that order and resume from an offset.
    /// </summary>
    public static string Feed(string prefix) => $"evostream.{prefix}.events";

    public static string PerInstanceKey(string instance) => instance;

    /// <summary>Evolution keys global records by instance and event, so one instance's events of one kind stay in order.</summary>
    public static string GlobalKey(string instance, string eventName) => $"{instance}-{eventName}";
}

using System.Collections.Frozen;

namespace Evostream.Contracts.Evolution;

/// <summary>
/// An <c>events</c> list of Evolution's upper-case configuration keys (<c>MESSAGES_UPSERT</c>) and which events it
/// lets through. Empty means every Evolution event; Evostream's own (<c>command.*</c>, <c>instance.configured</c>)
/// pass only when named. Evolution's subscribable list spells <c>groups.update</c> as <c>GROUP_UPDATE</c> and then never
/// matches it; both spellings match here.
/// </summary>
public static class EventSubscriptions
{
    private const string EvolutionGroupUpdate = "GROUP_UPDATE";

    private static readonly FrozenSet<string> s_own = FrozenSet.Create(StringComparer.Ordinal,
        EvolutionEvents.CommandRejected, EvolutionEvents.CommandAccepted, EvolutionEvents.CommandExecuted,
        EvolutionEvents.CommandOutcomeUnknown, EvolutionEvents.InstanceConfigured);

    private static readonly FrozenSet<string> s_keys = EvolutionEvents.Published.Select(EvolutionEvents.ConfigKeyOf)
        .Append(EvolutionGroupUpdate).ToFrozenSet(StringComparer.Ordinal);

    public static bool IsConfigKey(string key) => s_keys.Contains(key);

    /// <summary>Whether <paramref name="eventName"/> (dotted wire name) passes the filter <paramref name="events"/>.</summary>
    public static bool Allows(IReadOnlyCollection<string> events, string eventName)
    {
        if (events.Count == 0)
        {
            return !s_own.Contains(eventName) && eventName != "creds.update";
        }

        var key = EvolutionEvents.ConfigKeyOf(eventName);
        return events.Contains(key) || (key == "GROUPS_UPDATE" && events.Contains(EvolutionGroupUpdate));
    }
}

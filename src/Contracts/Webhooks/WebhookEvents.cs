using System.Collections.Frozen;
using Evostream.Contracts.Evolution;

namespace Evostream.Contracts.Webhooks;

/// <summary>
/// The names a webhook's <c>events</c> list and the <c>WEBHOOK_EVENTS_*</c> flags use (Evolution's upper-case keys,
/// <c>MESSAGES_UPSERT</c>), mapped to the dotted event names of <see cref="EvolutionEvents"/>.
/// </summary>
public static class WebhookEvents
{
    // Evolution's subscribable list says GROUP_UPDATE while groups.update maps to GROUPS_UPDATE, so neither spelling
    // ever matches there; here both name groups.update.
    private const string GroupUpdateAlias = "GROUP_UPDATE";

    private static readonly FrozenDictionary<string, string> s_byKey = EvolutionEvents.Published
        .Select(name => KeyValuePair.Create(EvolutionEvents.ConfigKeyOf(name), name))
        .Append(KeyValuePair.Create(GroupUpdateAlias, "groups.update"))
        .ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenSet<string> s_own = FrozenSet.Create(
        StringComparer.Ordinal,
        EvolutionEvents.CommandRejected, EvolutionEvents.CommandAccepted, EvolutionEvents.CommandExecuted,
        EvolutionEvents.CommandOutcomeUnknown, EvolutionEvents.InstanceConfigured);

    /// <summary>Every key an <c>events</c> list may hold.</summary>
    public static IReadOnlyCollection<string> Keys => s_byKey.Keys;

    public static bool TryResolve(string key, out string eventName) => s_byKey.TryGetValue(key, out eventName!);

    /// <summary>Evostream's own events (<c>command.*</c>, <c>instance.configured</c>): sent only to a webhook whose list names them.</summary>
    public static bool IsEvostreamOwn(string eventName) => s_own.Contains(eventName);

    /// <summary>Evolution's byEvents URL suffix: <c>messages.upsert</c> → <c>messages-upsert</c>.</summary>
    public static string Suffix(string eventName) => EvolutionEvents.ConfigKeyOf(eventName).Replace('_', '-').ToLowerInvariant();
}

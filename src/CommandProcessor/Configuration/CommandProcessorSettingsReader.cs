using System.Globalization;
using Evostream.Platform.Configuration;

namespace Evostream.CommandProcessor.Configuration;

/// <summary>
/// Reads <see cref="CommandProcessorSettings"/>, collecting every problem before failing, like the platform's
/// <see cref="SettingsReader"/>. Durations are read by <see cref="Durations"/>, as the topic catalog's are.
/// </summary>
internal sealed class CommandProcessorSettingsReader(Func<string, string?> lookup, string fallbackReplicaId)
{
    private const string RetiredReplicaVariable = "EVOSTREAM_PROCESSOR_REPLICA_ID";
    private static readonly TimeSpan s_longest = TimeSpan.FromDays(3650);
    private readonly List<string> _errors = [];

    public CommandProcessorSettings Read()
    {
        _errors.Clear();
        var defaults = CommandProcessorSettings.Defaults;
        var rates = new RateLimits(
            Count("EVOSTREAM_RATE_PER_MINUTE", Get("EVOSTREAM_RATE_PER_MINUTE")),
            Count("EVOSTREAM_RATE_PER_DAY", Get("EVOSTREAM_RATE_PER_DAY")),
            Duration("EVOSTREAM_RECIPIENT_SPACING", Get("EVOSTREAM_RECIPIENT_SPACING")) ?? TimeSpan.Zero);
        var settings = new CommandProcessorSettings(
            ReplicaId(),
            Duration("EVOSTREAM_IDEMPOTENCY_WINDOW", Get("EVOSTREAM_IDEMPOTENCY_WINDOW"), positive: true) ?? defaults.IdempotencyWindow,
            rates,
            InstanceRates(rates),
            Duration("EVOSTREAM_RATE_MAX_DELAY", Get("EVOSTREAM_RATE_MAX_DELAY"), positive: true) ?? defaults.MaxRateDelay,
            Duration("EVOSTREAM_SCHEDULE_MAX_AHEAD", Get("EVOSTREAM_SCHEDULE_MAX_AHEAD"), positive: true) ?? defaults.MaxScheduleAhead);
        return _errors.Count == 0 ? settings : throw new ConfigurationException([.. _errors]);
    }

    private string? Get(string name)
    {
        var value = lookup(name);
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private string ReplicaId()
    {
        // One replica id per process, shared with the connector; each role derives its own transactional id from it.
        if (Get(RetiredReplicaVariable) is not null)
        {
            _errors.Add($"{RetiredReplicaVariable} is no longer read: set {SharedVariables.ReplicaId}, which every service uses (the command processor's transactional id stays evostream-command-processor-<id>).");
        }

        var (id, error) = SharedVariables.ReadReplicaId(lookup, fallbackReplicaId);
        if (error is not null)
        {
            _errors.Add(error);
        }

        return id;
    }

    // EVOSTREAM_INSTANCE_RATES="shop-1:perMinute=3,perDay=250,recipientSpacing=20s;bulk:perMinute=60"
    private Dictionary<string, RateLimits> InstanceRates(RateLimits defaults)
    {
        const string Name = "EVOSTREAM_INSTANCE_RATES";
        var result = new Dictionary<string, RateLimits>(StringComparer.Ordinal);
        foreach (var entry in (Get(Name) ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                _errors.Add($"{Name}: '{entry}' must be '<instance>:<limit>=<value>,...'.");
                continue;
            }

            var instance = entry[..colon].Trim();
            var limits = defaults;
            foreach (var pair in entry[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var parts = pair.Split('=', 2, StringSplitOptions.TrimEntries);
                var label = $"{Name} ({instance} {parts[0]})";
                limits = parts switch
                {
                    ["perMinute", var v] => limits with { PerMinute = Count(label, v) },
                    ["perDay", var v] => limits with { PerDay = Count(label, v) },
                    ["recipientSpacing", var v] => limits with { RecipientSpacing = Duration(label, v) ?? TimeSpan.Zero },
                    _ => Unknown(limits, $"{Name}: '{pair}' for instance '{instance}' is not one of perMinute=N, perDay=N, recipientSpacing=<duration>."),
                };
            }

            if (!result.TryAdd(instance, limits))
            {
                _errors.Add($"{Name}: instance '{instance}' is listed twice.");
            }
        }

        return result;
    }

    private RateLimits Unknown(RateLimits limits, string error)
    {
        _errors.Add(error);
        return limits;
    }

    private int Count(string name, string? raw)
    {
        if (raw is null)
        {
            return 0;
        }

        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value > 1_000_000)
        {
            _errors.Add($"{name}='{raw}' must be a whole number from 0 (off) to 1000000.");
            return 0;
        }

        return value;
    }

    private TimeSpan? Duration(string name, string? raw, bool positive = false)
    {
        if (raw is null)
        {
            return null;
        }

        if (Durations.Parse(raw) is { } value && (!positive || value > TimeSpan.Zero) && value <= s_longest)
        {
            return value;
        }

        _errors.Add($"{name}='{raw}' must be a {(positive ? "positive " : "")}duration such as {Durations.Examples} (at most {Durations.Format((long)s_longest.TotalMilliseconds)}).");
        return null;
    }
}

using System.Globalization;
using Evostream.Platform.Configuration;

namespace Evostream.Connector.Drivers.Simulator;

/// <summary>Reads <see cref="SimulatorOptions"/> from EVOSTREAM_SIMULATOR_* (and Evolution's QRCODE_LIMIT), naming every bad value.</summary>
public sealed class SimulatorSettingsReader(Func<string, string?> lookup)
{
    private readonly List<string> _errors = [];

    public static SimulatorOptions FromEnvironment() => new SimulatorSettingsReader(Environment.GetEnvironmentVariable).Read();

    /// <exception cref="ConfigurationException">One or more variables are invalid.</exception>
    public SimulatorOptions Read()
    {
        _errors.Clear();
        var options = new SimulatorOptions(
            Seed: Long("EVOSTREAM_SIMULATOR_SEED", 1),
            QrCodeLimit: (int)Long("QRCODE_LIMIT", 30, 1, 1000),
            DeliveryDelay: Millis("EVOSTREAM_SIMULATOR_DELIVERY_MS", 1000),
            ReadDelay: OptionalMillis("EVOSTREAM_SIMULATOR_READ_MS", 3000),
            WarmUpDailyLimit: (int)Long("EVOSTREAM_SIMULATOR_WARMUP_DAILY_LIMIT", 250, 1, int.MaxValue),
            RecipientBurst: (int)Long("EVOSTREAM_SIMULATOR_RECIPIENT_BURST", 45, 1, int.MaxValue),
            RecipientInterval: Millis("EVOSTREAM_SIMULATOR_RECIPIENT_INTERVAL_MS", 6000),
            StrikesBeforeBan: (int)Long("EVOSTREAM_SIMULATOR_STRIKES_BEFORE_BAN", 5, 1, int.MaxValue),
            JournalDirectory: string.IsNullOrWhiteSpace(lookup("EVOSTREAM_SIMULATOR_JOURNAL")) ? null : lookup("EVOSTREAM_SIMULATOR_JOURNAL"));
        if (_errors.Count > 0)
        {
            throw new ConfigurationException(_errors);
        }

        return options;
    }

    private long Long(string name, long fallback, long min = long.MinValue, long max = long.MaxValue)
    {
        var raw = lookup(name);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (long.TryParse(raw.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        _errors.Add($"{name}='{raw}': expected a whole number from {min} to {max}.");
        return fallback;
    }

    private TimeSpan Millis(string name, long fallback) => TimeSpan.FromMilliseconds(Long(name, fallback, 0, (long)TimeSpan.FromDays(1).TotalMilliseconds));

    // 0 turns automatic reads off: contacts then read only when the control surface says so.
    private TimeSpan? OptionalMillis(string name, long fallback)
    {
        var value = Millis(name, fallback);
        return value == TimeSpan.Zero ? null : value;
    }
}

using System.Globalization;
using Evostream.Platform.Configuration;
using Evostream.Platform.Credentials;

namespace Evostream.Api.Configuration;

/// <summary>Reads <see cref="ApiSettings"/>, collecting every problem before failing like the platform's reader.</summary>
public sealed class ApiSettingsReader(Func<string, string?> lookup)
{
    public const long EvolutionBodyLimit = 136L * 1024 * 1024;

    private readonly List<string> _errors = [];

    public ApiSettings Read(RunMode mode)
    {
        _errors.Clear();
        var settings = new ApiSettings(
            Milliseconds("EVOSTREAM_API_OUTCOME_WAIT_MS", 5_000, min: 0),
            Milliseconds("EVOSTREAM_API_PRODUCE_TIMEOUT_MS", 10_000, min: 100),
            Number("EVOSTREAM_API_MAX_BODY_BYTES", EvolutionBodyLimit, min: 1024),
            (int)Number("EVOSTREAM_API_RATE_LIMIT_PER_MINUTE", 0, min: 0),
            Schema(),
            CredentialKeysVariable.Read(lookup, mode, required: false, _errors));
        if (_errors.Count > 0)
        {
            throw new ConfigurationException(_errors);
        }

        return settings;
    }

    private TimeSpan Milliseconds(string name, long fallback, long min) => TimeSpan.FromMilliseconds(Number(name, fallback, min));

    private long Number(string name, long fallback, long min)
    {
        var raw = lookup(name);
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }

        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min)
        {
            _errors.Add($"{name} must be a whole number of at least {min}, not '{raw}'.");
            return fallback;
        }

        return value;
    }

    // Shared with the Projections, which write the schema this reads.
    private string Schema()
    {
        var (schema, error) = SharedVariables.ReadProjectionsSchema(lookup);
        if (error is not null)
        {
            _errors.Add(error);
        }

        return schema;
    }
}

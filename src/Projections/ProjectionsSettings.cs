using Evostream.Platform.Configuration;

namespace Evostream.Projections;

/// <summary>The Projections service's own settings (EVOSTREAM_PROJECTIONS_*).</summary>
/// <param name="Schema">The PostgreSQL schema holding the read models; the Api reads the same one.</param>
/// <param name="GroupId">The Kafka consumer group; offsets live in PostgreSQL, the group only spreads partitions.</param>
/// <param name="Port">HTTP port of the standalone service (lag endpoint).</param>
/// <param name="MaxBatch">Most events written in one transaction.</param>
/// <param name="LagLogInterval">How often lag is logged.</param>
public sealed record ProjectionsSettings(string Schema, string GroupId, int Port, int MaxBatch, TimeSpan LagLogInterval)
{
    public static ProjectionsSettings Default { get; } = new(SharedVariables.DefaultProjectionsSchema, "evostream-projections", 8082, 5_000, TimeSpan.FromSeconds(30));
}

/// <summary>Reads <see cref="ProjectionsSettings"/>, collecting every problem before failing, like <see cref="SettingsReader"/>.</summary>
public sealed class ProjectionsSettingsReader(Func<string, string?> variable)
{
    public ProjectionsSettings Read()
    {
        var errors = new List<string>();
        var defaults = ProjectionsSettings.Default;
        var (schema, schemaError) = SharedVariables.ReadProjectionsSchema(variable);
        if (schemaError is not null)
        {
            errors.Add(schemaError);
        }

        var group = variable("EVOSTREAM_PROJECTIONS_GROUP") ?? defaults.GroupId;
        if (string.IsNullOrWhiteSpace(group))
        {
            errors.Add("EVOSTREAM_PROJECTIONS_GROUP must not be empty.");
        }

        var port = Int("EVOSTREAM_PROJECTIONS_PORT", defaults.Port, 1, 65_535, errors);
        var batch = Int("EVOSTREAM_PROJECTIONS_BATCH", defaults.MaxBatch, 1, 100_000, errors);
        var lagSeconds = Int("EVOSTREAM_PROJECTIONS_LAG_LOG_SECONDS", (int)defaults.LagLogInterval.TotalSeconds, 1, 86_400, errors);
        if (errors.Count > 0)
        {
            throw new ConfigurationException(errors);
        }

        return new ProjectionsSettings(schema, group, port, batch, TimeSpan.FromSeconds(lagSeconds));
    }

    private int Int(string name, int fallback, int min, int max, List<string> errors)
    {
        var text = variable(name);
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors.Add($"{name} '{text}' must be a whole number from {min} to {max}.");
        return fallback;
    }
}

namespace Evostream.Platform.Configuration;

/// <summary>
/// The variables more than one service reads, each validated here once so every service takes and refuses the same
/// values with the same words. A service's reader adds the returned error, if any, to the ones it collects.
/// </summary>
public static class SharedVariables
{
    /// <summary>Stable per replica, for every service; each role names its transactional id from it.</summary>
    public const string ReplicaId = "EVOSTREAM_REPLICA_ID";

    /// <summary>The PostgreSQL schema of the read models: the Projections write it, the Api reads it.</summary>
    public const string ProjectionsSchema = "EVOSTREAM_PROJECTIONS_SCHEMA";

    public const string DefaultProjectionsSchema = "evostream";

    private const int MaxReplicaIdLength = 100;
    private const int MaxSchemaLength = 40;

    /// <summary>EVOSTREAM_REPLICA_ID, <paramref name="fallback"/> (the host name) when unset, or an error naming it.</summary>
    public static (string Value, string? Error) ReadReplicaId(Func<string, string?> lookup, string fallback)
    {
        var id = Value(lookup, ReplicaId) ?? fallback;
        return id.Length is > 0 and <= MaxReplicaIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? (id, null)
            : ("0", $"{ReplicaId}='{id}' must be 1 to {MaxReplicaIdLength} letters, digits, '.', '_' or '-' (it names the replica's transactional id).");
    }

    /// <summary>
    /// EVOSTREAM_PROJECTIONS_SCHEMA, <c>evostream</c> when unset, or an error naming it. Starting with a letter keeps
    /// it an identifier PostgreSQL takes unquoted, as the migrations and the Api's search path write it.
    /// </summary>
    public static (string Value, string? Error) ReadProjectionsSchema(Func<string, string?> lookup)
    {
        var schema = Value(lookup, ProjectionsSchema) ?? DefaultProjectionsSchema;
        return schema.Length <= MaxSchemaLength && char.IsAsciiLetterLower(schema[0]) && schema.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')
            ? (schema, null)
            : (DefaultProjectionsSchema, $"{ProjectionsSchema}='{schema}' must be a lower-case SQL identifier: a-z, 0-9 and _, starting with a letter, at most {MaxSchemaLength} characters.");
    }

    private static string? Value(Func<string, string?> lookup, string name) =>
        lookup(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;
}

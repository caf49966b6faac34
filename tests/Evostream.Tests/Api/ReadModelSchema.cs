using Evostream.Tests.Infrastructure;
using Npgsql;

namespace Evostream.Tests.Api;

/// <summary>A private schema holding the Projections' read-model tables, created by their own migrations.</summary>
internal static class ReadModelSchema
{
    public static async Task<(string Schema, string ConnectionString)> CreateAsync(EmbeddedStack stack, CancellationToken ct = default)
    {
        var connectionString = await stack.NewSchemaAsync(ct);
        var schema = new NpgsqlConnectionStringBuilder(connectionString).SearchPath!;
        var assembly = typeof(Evostream.Projections.ProjectionsRegistration).Assembly;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Evostream.Projections.Migrations.", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            await using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            await using var command = new NpgsqlCommand(await reader.ReadToEndAsync(ct), connection);
            await command.ExecuteNonQueryAsync(ct);
        }

        return (schema, connectionString);
    }
}

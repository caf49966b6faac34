using Evostream.Api.Configuration;
using Evostream.Platform.Configuration;
using Npgsql;

namespace Evostream.Api.Reading;

/// <summary>
/// The Api's one connection pool to the read models, with the Projections' schema on the search path. Its own type,
/// so that a host running every service (the dev launcher) never confuses it with another service's data source.
/// </summary>
public sealed class ReadModelDb : IAsyncDisposable
{
    public ReadModelDb(EvostreamSettings settings, ApiSettings api)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(api);
        var connection = new NpgsqlConnectionStringBuilder(settings.DatabaseConnectionString
            ?? throw new InvalidOperationException("The Api needs DATABASE_CONNECTION_URI."))
        {
            SearchPath = api.ReadModelSchema,
        };
        Source = NpgsqlDataSource.Create(connection.ConnectionString);
    }

    public NpgsqlDataSource Source { get; }

    public NpgsqlCommand Command(string sql) => Source.CreateCommand(sql);

    public ValueTask DisposeAsync() => Source.DisposeAsync();
}

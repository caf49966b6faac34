using System.Globalization;
using Npgsql;

namespace Evostream.Tests.Deployment;

internal sealed partial class ComposeChecker
{
    /// <summary>
    /// The connection string SettingsReader made from DATABASE_CONNECTION_URI must reach the PostgreSQL service as the
    /// user, password and database that service's image creates (POSTGRES_USER, _PASSWORD, _DB and their defaults).
    /// </summary>
    private void CheckDatabase(ComposeService client, string connectionString)
    {
        var connection = new NpgsqlConnectionStringBuilder(connectionString);
        if (connection.Host is not { } host || !compose.Services.TryGetValue(host, out var postgres))
        {
            Problem(client, $"DATABASE_CONNECTION_URI names host {connection.Host}, which is not a compose service");
            return;
        }

        var user = Resolved(postgres, "POSTGRES_USER") ?? "postgres";
        var port = Resolved(postgres, "PGPORT") ?? "5432";
        var database = Resolved(postgres, "POSTGRES_DB") ?? user;
        if (connection.Port.ToString(CultureInfo.InvariantCulture) != port)
        {
            Problem(client, $"DATABASE_CONNECTION_URI uses port {connection.Port}, but {postgres.Name} listens on {port}");
        }

        if (connection.Username != user)
        {
            Problem(client, $"DATABASE_CONNECTION_URI logs in as {connection.Username}, but {postgres.Name} creates the user {user}");
        }

        if (connection.Password != Resolved(postgres, "POSTGRES_PASSWORD"))
        {
            Problem(client, $"DATABASE_CONNECTION_URI's password is not {postgres.Name}'s POSTGRES_PASSWORD");
        }

        if (connection.Database != database)
        {
            Problem(client, $"DATABASE_CONNECTION_URI names the database {connection.Database}, but {postgres.Name} creates {database}");
        }

        RequireDependency(client, postgres.Name, "service_healthy");
    }
}

using Npgsql;

namespace Evostream.Platform.Configuration;

/// <summary>
/// Turns Evolution's Prisma-style <c>postgresql://user:pass@host:port/db?schema=x</c> into an Npgsql
/// connection string. Npgsql keyword strings (<c>Host=...;</c>) pass through unchanged.
/// </summary>
public static class DatabaseUri
{
    public static string ToConnectionString(string value)
    {
        if (!value.Contains("://", StringComparison.Ordinal))
        {
            try
            {
                return new NpgsqlConnectionStringBuilder(value).ConnectionString;
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"not a postgresql:// URI or an Npgsql connection string ({e.Message}).", e);
            }
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("postgresql" or "postgres"))
        {
            throw new FormatException("expected a URI of the form postgresql://user:password@host:port/database.");
        }

        var database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (database.Length == 0)
        {
            throw new FormatException("the URI names no database (postgresql://user:password@host:port/DATABASE).");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = database,
        };
        var userInfo = uri.UserInfo.Split(':', 2);
        if (userInfo[0].Length > 0)
        {
            builder.Username = Uri.UnescapeDataString(userInfo[0]);
        }

        if (userInfo.Length == 2)
        {
            builder.Password = Uri.UnescapeDataString(userInfo[1]);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var val = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "";
            switch (key)
            {
                case "schema": builder.SearchPath = val; break;
                case "host" when val.StartsWith('/'): builder.Host = val; break; // unix socket directory, as libpq
                case "sslmode":
                    builder.SslMode = Enum.TryParse<SslMode>(val.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var mode)
                        ? mode
                        : throw new FormatException($"sslmode='{val}' is not one of disable, allow, prefer, require, verify-ca, verify-full.");
                    break;
                case "connection_limit": builder.MaxPoolSize = int.TryParse(val, out var n) && n > 0 ? n : throw new FormatException($"connection_limit='{val}' is not a positive number."); break;
                case "application_name": builder.ApplicationName = val; break;
                default: break; // Prisma-only options such as pgbouncer=true do not apply to Npgsql.
            }
        }

        return builder.ConnectionString;
    }
}

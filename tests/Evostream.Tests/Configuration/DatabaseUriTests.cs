using Evostream.Platform.Configuration;
using Npgsql;

namespace Evostream.Tests.Configuration;

public class DatabaseUriTests
{
    [Fact]
    public void Converts_Evolution_prisma_uris()
    {
        var b = new NpgsqlConnectionStringBuilder(DatabaseUri.ToConnectionString("postgresql://evo:p%40ss@db.local:6543/evolution?schema=evolution_api&sslmode=require&connection_limit=7"));
        Assert.Equal("db.local", b.Host);
        Assert.Equal(6543, b.Port);
        Assert.Equal("evolution", b.Database);
        Assert.Equal("evo", b.Username);
        Assert.Equal("p@ss", b.Password);
        Assert.Equal("evolution_api", b.SearchPath);
        Assert.Equal(SslMode.Require, b.SslMode);
        Assert.Equal(7, b.MaxPoolSize);
    }

    [Fact]
    public void Defaults_the_port_and_accepts_the_postgres_scheme()
    {
        var b = new NpgsqlConnectionStringBuilder(DatabaseUri.ToConnectionString("postgres://u@h/db"));
        Assert.Equal(5432, b.Port);
        Assert.Null(b.Password);
    }

    [Fact]
    public void Passes_npgsql_strings_through() =>
        Assert.Equal("Host=h;Database=d", DatabaseUri.ToConnectionString("Host=h;Database=d"));

    [Theory]
    [InlineData("postgresql://u@h/db?sslmode=sometimes", "sslmode='sometimes' is not one of")]
    [InlineData("postgresql://u@h/db?connection_limit=0", "connection_limit='0' is not a positive number")]
    [InlineData("Hots=h", "not a postgresql:// URI or an Npgsql connection string")]
    public void Rejects_what_it_cannot_honour(string uri, string expected) =>
        Assert.StartsWith(expected, Assert.Throws<FormatException>(() => DatabaseUri.ToConnectionString(uri)).Message, StringComparison.Ordinal);
}

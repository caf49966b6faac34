using Evostream.Tests.Infrastructure;
using Npgsql;

namespace Evostream.Tests.Embedded;

public class PrivatePostgresTests(EmbeddedStack stack)
{
    [Fact]
    public async Task Answers_queries_over_its_uri()
    {
        await using var connection = new NpgsqlConnection(Platform.Configuration.DatabaseUri.ToConnectionString(stack.Postgres.Uri));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand("select 1", connection);
        Assert.Equal(1, await command.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Schemas_isolate_tests()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await stack.NewSchemaAsync(ct);
        var second = await stack.NewSchemaAsync(ct);
        await Execute(first, "CREATE TABLE t(x int); INSERT INTO t VALUES (1)", ct);
        await Execute(second, "CREATE TABLE t(x int)", ct);
        Assert.Equal(1L, await Scalar(first, "SELECT count(*) FROM t", ct));
        Assert.Equal(0L, await Scalar(second, "SELECT count(*) FROM t", ct));
    }

    private static async Task Execute(string cs, string sql, CancellationToken ct)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<object?> Scalar(string cs, string sql, CancellationToken ct)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(sql, c);
        return await cmd.ExecuteScalarAsync(ct);
    }
}

using Evostream.Projections.Migrations;
using Evostream.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Evostream.Tests.Projections;

public class MigrationAndRebuildTests(EmbeddedStack stack)
{
    private static async Task<string> ColumnsAsync(ProjectionHarness h, string schema) =>
        await h.ScalarAsync<string>(schema, $"""
            SELECT string_agg(table_name || '.' || column_name || ':' || data_type || ':' || is_nullable || ':' || coalesce(column_default, ''), ',' ORDER BY table_name, column_name)
            FROM information_schema.columns WHERE table_schema = '{schema}' AND table_name <> 'schema_migrations'
            """);

    [Fact]
    public async Task Migrating_from_empty_and_from_the_previous_version_give_the_same_schema_and_keep_rows()
    {
        await using var h = await ProjectionHarness.StartAsync(stack);
        var migrator = new Migrator(NullLogger<Migrator>.Instance);
        var (fresh, upgraded) = (ProjectionHarness.NewSchema(), ProjectionHarness.NewSchema());
        await using var connection = new NpgsqlConnection(h.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);

        Assert.Equal(Enumerable.Range(1, MigrationScripts.All.Count), await migrator.MigrateAsync(connection, fresh, ct: TestContext.Current.CancellationToken));
        Assert.Equal([1], await migrator.MigrateAsync(connection, upgraded, [MigrationScripts.All[0]], TestContext.Current.CancellationToken));
        await using (var insert = new NpgsqlCommand($"INSERT INTO \"{upgraded}\".message_status VALUES ('i', 'k', 'j', true, null, 'READ', 4, now())", connection))
        {
            await insert.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        Assert.Equal(Enumerable.Range(2, MigrationScripts.All.Count - 1), await migrator.MigrateAsync(connection, upgraded, ct: TestContext.Current.CancellationToken));
        Assert.Empty(await migrator.MigrateAsync(connection, upgraded, ct: TestContext.Current.CancellationToken));
        Assert.Equal(await ColumnsAsync(h, fresh), await ColumnsAsync(h, upgraded));
        Assert.Equal("READ", await h.ScalarAsync<string>(upgraded, "SELECT status FROM message_status WHERE key_id = 'k'"));
    }

    [Fact]
    public async Task Replicas_starting_together_apply_each_migration_once()
    {
        await using var h = await ProjectionHarness.StartAsync(stack);
        var schema = ProjectionHarness.NewSchema();
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var connection = new NpgsqlConnection(h.ConnectionString);
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            return await new Migrator(NullLogger<Migrator>.Instance).MigrateAsync(connection, schema, ct: TestContext.Current.CancellationToken);
        }));

        Assert.Equal(MigrationScripts.All.Count, runs.Sum(r => r.Count));
    }

    [Fact]
    public async Task A_rebuild_while_events_keep_flowing_swaps_in_tables_identical_to_a_fresh_replay()
    {
        await using var h = await ProjectionHarness.StartAsync(stack);
        var talk = new Conversation();
        h.Produce(Enumerable.Range(1, 30).SelectMany(c => talk.Exchange(c % 5, c)));
        var (live, reference) = (ProjectionHarness.NewSchema(), ProjectionHarness.NewSchema());
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var liveRun = h.Projector(await h.MigratedStoreAsync(live), maxBatch: 20).RunAsync(cts.Token);
        await h.WaitProjectedAsync(live);

        var feeding = Task.Run(() =>
        {
            for (var round = 31; round <= 60; round++)
            {
                h.Produce(talk.Exchange(round % 5, round));
            }
        }, TestContext.Current.CancellationToken);
        var result = await h.Rebuilder(live).RunAsync(null, TestContext.Current.CancellationToken);
        await feeding;

        var referenceRun = h.Projector(await h.MigratedStoreAsync(reference)).RunAsync(cts.Token);
        await h.WaitProjectedAsync(live);
        await h.WaitProjectedAsync(reference);
        await cts.CancelAsync();
        await Task.WhenAll(liveRun, referenceRun);

        Assert.True(result.Events >= 300);
        Assert.Equal(await h.ChecksumsAsync(reference), await h.ChecksumsAsync(live));
        Assert.Equal(120L, await h.ScalarAsync<long>(live, "SELECT count(*) FROM messages"));
        Assert.Equal(0L, await h.ScalarAsync<long>(live, $"SELECT count(*) FROM pg_namespace WHERE nspname LIKE '{live}\\_%'"));
    }
}

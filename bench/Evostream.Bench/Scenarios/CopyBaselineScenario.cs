using System.Diagnostics;
using System.Globalization;
using Evostream.Bench.Measuring;
using Evostream.Platform.Embedded;
using Npgsql;
using NpgsqlTypes;

namespace Evostream.Bench.Scenarios;

/// <summary>
/// The projections' raw baseline: binary COPY of message rows (the shape the messages read model stores) into an
/// unindexed table, the fastest way PostgreSQL takes rows.
/// </summary>
public sealed class CopyBaselineScenario : IScenario
{
    public string Name => "copy";

    public async Task<ScenarioResult> RunAsync(BenchStack stack, Profile profile, CancellationToken ct)
    {
        var rows = profile.CopyRows;
        var samples = await Runs.RepeatedAsync(profile, _ => CopyAsync(stack.Postgres, stack.NewName("copy_"), rows, ct));
        return new ScenarioResult(
            "Baseline: PostgreSQL binary COPY",
            "Rows/s of binary COPY of message rows into a fresh table (what the projections stage is compared with)",
            new Dictionary<string, string> { ["rows"] = rows.ToString(CultureInfo.InvariantCulture) },
            [new Measurement("copy rate", "rows/s", samples)]);
    }

    /// <summary>Rows/s of binary COPY of <paramref name="rows"/> message rows into a new unlogged <paramref name="table"/>, dropped after.</summary>
    public static async Task<double> CopyAsync(PrivatePostgres postgres, string table, int rows, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(postgres.ConnectionString);
        await connection.OpenAsync(ct);
        await using (var create = new NpgsqlCommand($"CREATE UNLOGGED TABLE {table} (instance text, key_id text, remote_jid text, from_me boolean, push_name text, message_type text, content jsonb, message_timestamp bigint)", connection))
        {
            await create.ExecuteNonQueryAsync(ct);
        }

        var clock = Stopwatch.StartNew();
        await using (var copy = await connection.BeginBinaryImportAsync($"COPY {table} FROM STDIN (FORMAT BINARY)", ct))
        {
            for (var i = 0; i < rows; i++)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync($"bench-{i % 1000:D5}", NpgsqlDbType.Text, ct);
                await copy.WriteAsync($"3EB0{i:X16}", NpgsqlDbType.Text, ct);
                await copy.WriteAsync($"5511999{i % 100_000:D6}@s.whatsapp.net", NpgsqlDbType.Text, ct);
                await copy.WriteAsync(i % 2 == 0, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync("Maria", NpgsqlDbType.Text, ct);
                await copy.WriteAsync("conversation", NpgsqlDbType.Text, ct);
                await copy.WriteAsync($$"""{"conversation":"order {{i}} is on its way: thanks for shopping with us"}""", NpgsqlDbType.Jsonb, ct);
                await copy.WriteAsync(1_700_000_000L + i, NpgsqlDbType.Bigint, ct);
            }

            await copy.CompleteAsync(ct);
        }

        var rate = rows / clock.Elapsed.TotalSeconds;
        await using var drop = new NpgsqlCommand($"DROP TABLE {table}", connection);
        await drop.ExecuteNonQueryAsync(ct);
        return rate;
    }
}

using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Execution.Processes;

/// <summary>Connector processes killed with SIGKILL and restarted as the same replica (invariant 3 across processes).</summary>
[Collection(ProcessTestsCollection.Name)]
public sealed class ConnectorCrashTests(EmbeddedStack stack, ITestOutputHelper output)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_connector_killed_between_an_effect_and_its_commit_restarts_without_a_duplicate_or_a_loss()
    {
        using var cluster = await ProcessCluster.CreateAsync(stack, "pcrash", 3, Ct);
        var commands = new CommandFeed(cluster);
        commands.Rounds(5);
        var crashId = CommandFeed.Id(cluster.Instances[1], 3);
        using (var first = cluster.Start("c1", crashAfter: crashId))
        {
            await first.WaitForExitAsync(TimeSpan.FromSeconds(60), Ct);
            // Killed by the hook (SIGKILL, 128 + 9); its last log lines may not have reached the pipe.
            Assert.True(first.ExitCode == 137, $"exit code {first.ExitCode}:\n{first.Output}");
        }

        // The crashed command's send is on the network, but nothing of its batch was committed.
        Assert.Contains(ProcessCluster.MessageId(crashId), cluster.JournaledSends());
        Assert.DoesNotContain(cluster.Harness.Events("command.executed", 0, TimeSpan.FromSeconds(1)), e => e.CausationCommandId == crashId);

        commands.Rounds(5);
        using var second = cluster.Start("c1");
        var outcomes = cluster.Outcomes(commands.Sent.Count, TimeSpan.FromSeconds(60));
        second.Kill();

        var checks = ExactlyOnce.Assert(cluster, commands.Sent, outcomes, output);
        Assert.Contains(crashId, checks.Reconciled);
    }

    [Fact]
    public async Task A_connector_killed_at_a_random_moment_mid_stream_restarts_without_a_duplicate_or_a_loss()
    {
        using var cluster = await ProcessCluster.CreateAsync(stack, "pkill", 3, Ct);
        var commands = new CommandFeed(cluster);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var feeding = commands.StreamAsync(TimeSpan.FromMilliseconds(100), stop.Token);
        using (var first = cluster.Start("k1"))
        {
            await Until(() => first.Running().Count == cluster.Instances.Count, first);
            var delay = TimeSpan.FromMilliseconds(Random.Shared.Next(300, 2500));
            output.WriteLine($"SIGKILL {delay.TotalMilliseconds} ms after the sessions resumed, {commands.Sent.Count} commands sent so far");
            await Task.Delay(delay, Ct);
            first.Kill();
        }

        // Commands keep arriving while no connector runs, and while the restarted one takes over.
        using var second = cluster.Start("k1");
        await Until(() => second.Running().Count == cluster.Instances.Count, second);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        await stop.CancelAsync();
        await feeding;

        var outcomes = cluster.Outcomes(commands.Sent.Count, TimeSpan.FromSeconds(60));
        second.Kill();
        ExactlyOnce.Assert(cluster, commands.Sent, outcomes, output);
    }

    internal static async Task Until(Func<bool> condition, params ConnectorProcess[] processes)
    {
        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in 40 s:\n" + string.Join("\n---\n", processes.Select(p => p.Output)));
            await Task.Delay(50, Ct);
        }
    }
}

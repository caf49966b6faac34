using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Execution;

public class ReplicaTests(EmbeddedStack stack)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_replicas_run_each_session_once_and_the_survivor_takes_over_without_losing_a_command()
    {
        var h = new ConnectorHarness(stack.Kafka, stack.KafkaSettings(EmbeddedStack.NewPrefix("rp")));
        var first = new FakeDriver();
        var second = new FakeDriver();
        var instances = Enumerable.Range(0, 12).Select(i => $"rep{i}").ToList();
        using var stopFirst = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        using var stopSecond = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var (_, runFirst) = h.Start(first, stopFirst.Token, "r1");
        h.Send([.. instances.Select(ConnectorHarness.Create)]);
        h.Events("command.executed", instances.Count);

        var (_, runSecond) = h.Start(second, stopSecond.Token, "r2");
        await WaitUntil(() => !second.Open.IsEmpty && first.Open.Count + second.Open.Count == instances.Count);
        Assert.Empty(first.Open.Keys.Intersect(second.Open.Keys));
        Assert.NotEmpty(first.Open);
        h.Send([.. instances.Select(i => ConnectorHarness.Text(i, $"{i}-a", "a"))]);
        h.Events("command.executed", instances.Count * 2);

        // The first replica leaves: its sessions stop before the second starts them.
        await stopFirst.CancelAsync();
        await runFirst;
        Assert.Empty(first.Open);
        await WaitUntil(() => second.Open.Count == instances.Count);
        h.Send([.. instances.Select(i => ConnectorHarness.Text(i, $"{i}-b", "b"))]);

        var executed = h.Events("command.executed", instances.Count * 3);
        await stopSecond.CancelAsync();
        await runSecond;

        Assert.Equal(instances.Count * 3, executed.Count);
        Assert.Equal(executed.Count, executed.Select(e => e.CausationCommandId).Distinct().Count());
        Assert.All(first.Sent.Keys, id => Assert.False(second.Sent.ContainsKey(id)));
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(40);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in 40 s");
            await Task.Delay(50, Ct);
        }
    }
}

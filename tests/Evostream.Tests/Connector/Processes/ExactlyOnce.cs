using Evostream.Contracts.V1;

namespace Evostream.Tests.Execution.Processes;

/// <summary>
/// What "exactly once" means across processes: each command has exactly one committed outcome, each WhatsApp message
/// id went out on the network once and was published as send.message exactly once (a send reconciled after a crash included), and nothing sent is missing.
/// </summary>
internal static class ExactlyOnce
{
    public sealed record Checks(IReadOnlyList<string> Reconciled);

    public static Checks Assert(ProcessCluster cluster, IReadOnlyList<string> commands, List<EventEnvelope> outcomes, ITestOutputHelper output)
    {
        var byCommand = outcomes.GroupBy(e => e.CausationCommandId).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        Xunit.Assert.All(commands, id => Xunit.Assert.True(byCommand.ContainsKey(id), $"no outcome for {id}"));
        Xunit.Assert.Empty(byCommand.Where(c => c.Value.Count > 1).Select(c => c.Key));
        Xunit.Assert.Equal(commands.Count, outcomes.Count);
        Xunit.Assert.All(outcomes, e => Xunit.Assert.Equal(EventEnvelope.DataOneofCase.CommandExecuted, e.DataCase));

        var wanted = commands.Select(ProcessCluster.MessageId).ToHashSet(StringComparer.Ordinal);
        var journaled = cluster.JournaledSends();
        Xunit.Assert.Empty(journaled.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key));
        Xunit.Assert.Equal(wanted.Order(), journaled.Order());

        var published = cluster.Harness.Events("send.message", commands.Count, TimeSpan.FromSeconds(10));
        Xunit.Assert.Empty(published.GroupBy(e => e.SendMessage.Key.Id).Where(g => g.Count() > 1).Select(g => g.Key));
        Xunit.Assert.Equal(wanted.Order(), published.Select(e => e.SendMessage.Key.Id).Order());

        var reconciled = outcomes.Where(e => e.CommandExecuted.Detail.StartsWith("reconciled", StringComparison.Ordinal)).Select(e => e.CausationCommandId).ToList();
        output.WriteLine($"{commands.Count} commands, {outcomes.Count} outcomes, {journaled.Count} sends on the network, {published.Count} send.message events, {reconciled.Count} reconciled after the kill");
        return new Checks(reconciled);
    }
}

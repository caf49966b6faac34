using System.Globalization;
using Evostream.Bench.Measuring;
using Evostream.Bench.Scenarios.Linking;
using Evostream.Connector.Drivers;
using Evostream.Connector.Drivers.Simulator;
using Evostream.Connector.Drivers.Simulator.Control;
using Evostream.Connector.Drivers.Simulator.Network;

namespace Evostream.Bench.Scenarios;

/// <summary>
/// Resident memory per linked simulated instance: the process's RSS and managed heap before and after linking N
/// instances, (a) as bare simulator sessions, (b) through a running connector (its session objects, state and
/// producers included). RSS is the whole process, so (b) also counts the in-process mock broker's copy of the linking
/// events; the managed heap does not.
/// </summary>
public sealed class MemoryScenario : IScenario
{
    private const double MiB = ProcessMemory.MiB;
    private const int Partitions = 12;

    public string Name => "memory";

    public Task<ScenarioResult> RunAsync(BenchStack stack, Profile profile, CancellationToken ct) =>
        stack.OnFreshClusterAsync(cluster => MeasureAsync(cluster, profile, ct));

    private static async Task<ScenarioResult> MeasureAsync(BenchCluster cluster, Profile profile, CancellationToken ct)
    {
        var measurements = new List<Measurement>();
        var series = new List<(double X, double Y)>();
        foreach (var count in profile.LinkedInstances)
        {
            var sessions = await Runs.RepeatedAsync(profile, _ => SessionsOnlyAsync(count, ct).AsTask());
            measurements.Add(new Measurement($"managed heap per linked simulator session at {count:N0}", "KiB", sessions, HigherIsBetter: false));

            // Once per count: linking 10,000 instances through Kafka takes a while, and memory barely varies run to run.
            var (rss, heap) = await ThroughConnectorAsync(cluster, count, ct);
            measurements.Add(new Measurement($"RSS per instance linked through the connector at {count:N0}", "KiB", new Samples([rss * 1024 / count]), HigherIsBetter: false));
            measurements.Add(new Measurement($"managed heap per instance linked through the connector at {count:N0}", "KiB", new Samples([heap * 1024 / count]), HigherIsBetter: false));
            measurements.Add(new Measurement($"RSS total growth, {count:N0} instances through the connector", "MiB", new Samples([rss]), HigherIsBetter: false,
                Target: count == 10_000 ? 1024 : null));
            series.Add((count, rss));
        }

        return new ScenarioResult(
            "Memory: linked simulated instances",
            "Process RSS (/proc/self/status VmRSS) and managed heap growth from linking N instances, after a full GC; no baseline (a number to keep within 1 GiB at 10,000)",
            new Dictionary<string, string>
            {
                ["instances"] = string.Join(", ", profile.LinkedInstances.Select(c => c.ToString("N0", CultureInfo.InvariantCulture))),
                ["simulator sessions"] = "opened, connected and QR-linked directly on a SimulatorNetwork; managed heap; repeated runs",
                ["through the connector"] = $"createInstance commands, QR scanned via the simulator control, {Partitions} partitions; one run per count; RSS includes the in-process mock broker",
            },
            measurements,
            [new Series("RSS growth through the connector", "linked instances", "MiB", series)]);
    }

    /// <summary>KiB of managed heap per linked session, sessions held alive while measured (RSS moves too little at this size to tell from the GC's own segments).</summary>
    private static async ValueTask<double> SessionsOnlyAsync(int count, CancellationToken ct)
    {
        var before = ProcessMemory.Settle();
        using var network = new SimulatorNetwork(new SimulatorOptions(Seed: 3, WarmUpPeriod: TimeSpan.Zero), TimeProvider.System);
        var driver = new SimulatorDriver(network);
        var control = new SimulatorControl(network);
        var sessions = new List<IWhatsAppSession>(count);
        for (var i = 0; i < count; i++)
        {
            var instance = CommandFeed.Instance(i);
            var session = await driver.OpenAsync(new SessionStart(instance, "id-" + instance, null), ct);
            var connected = await session.ConnectAsync(null, ct) as DriverResult.Done
                ?? throw new InvalidOperationException($"{instance}: connecting did not show a QR code.");
            var qr = connected.Events.Single(e => e.Event == "qrcode.updated").QrcodeUpdated.Qrcode.Code;
            var scan = control.ScanQr(qr, QrScanner.OwnerNumber(i));
            if (!scan.Ok)
            {
                throw new InvalidOperationException($"{instance}: scanning its QR failed: {scan.Error}");
            }

            while (session.Signals.TryRead(out _))
            {
            }

            sessions.Add(session);
        }

        var after = ProcessMemory.Settle();
        GC.KeepAlive(sessions);
        return (after.Heap - before.Heap) / 1024.0 / count;
    }

    /// <summary>MiB of RSS and managed heap the process grew by while a connector linked <paramref name="count"/> instances.</summary>
    private static async Task<(double Rss, double Heap)> ThroughConnectorAsync(BenchCluster cluster, int count, CancellationToken ct)
    {
        // The connector's own start-up (clients, threads) is not per instance, nor is the scenario's cluster (started
        // before this): measure from a connector already running on it.
        await using var connector = LinkedConnector.Start(cluster, Partitions, 500);
        await connector.LinkAsync(1, ct);

        // Let the start-up's transient native buffers (client threads, first fetches) be released before the baseline.
        await Task.Delay(TimeSpan.FromSeconds(2), ct);
        var before = ProcessMemory.Settle();
        await connector.LinkAsync(count + 1, ct);
        var after = ProcessMemory.Settle();
        return ((after.Rss - before.Rss) / MiB, (after.Heap - before.Heap) / MiB);
    }
}

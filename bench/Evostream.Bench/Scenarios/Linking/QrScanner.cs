using System.Diagnostics;
using Evostream.Connector.Drivers.Simulator.Control;
using Evostream.Contracts.V1;

namespace Evostream.Bench.Scenarios.Linking;

/// <summary>The phones of the bench: create instances through commands and scan each QR code the simulator shows, as a user would.</summary>
public static class QrScanner
{
    /// <summary>createInstance commands for instances <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), named as <see cref="CommandFeed"/> names them.</summary>
    public static IEnumerable<CommandEnvelope> Creates(int from, int to) => Enumerable.Range(from, Math.Max(0, to - from)).Select(i => new CommandEnvelope
    {
        CommandId = $"create-{i}", Instance = CommandFeed.Instance(i),
        CreateInstance = new CreateInstance { Qrcode = true, TokenSha256 = new string('a', 64) },
    });

    /// <summary>Scans every QR code shown until <paramref name="count"/> instances are open, each with its own number.</summary>
    public static async Task ScanUntilOpenAsync(SimulatorControl control, int count, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var linked = 0;
        while (linked < count)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(10))
            {
                throw new TimeoutException($"{linked} of {count} instances linked after {clock.Elapsed.TotalSeconds:0} s: the connector did not show every QR code.");
            }

            linked = 0;
            foreach (var status in control.Status())
            {
                if (status.State == "open")
                {
                    linked++;
                }
                else if (status.QrCode is { } qr && int.TryParse(status.Instance.AsSpan("bench-".Length), out var n))
                {
                    var scan = control.ScanQr(qr, OwnerNumber(n));
                    linked += scan.Ok ? 1 : throw new InvalidOperationException($"scanning the QR of {status.Instance} failed: {scan.Error}");
                }
            }

            if (linked < count)
            {
                await Task.Delay(50, ct);
            }
        }
    }

    /// <summary>The phone number that links instance <paramref name="n"/>: never one of <see cref="CommandFeed"/>'s recipients.</summary>
    public static string OwnerNumber(int n) => $"55119{n:D8}";
}

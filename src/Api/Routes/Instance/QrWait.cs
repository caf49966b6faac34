using Evostream.Api.Reading;
using Evostream.Contracts.V1;

namespace Evostream.Api.Routes.Instance;

/// <summary>Waits, bounded, for a QR code issued after a command (create with qrcode, connect), as Evolution waits for Baileys.</summary>
public static class QrWait
{
    private static readonly TimeSpan s_poll = TimeSpan.FromMilliseconds(50);

    public static async Task<QrRow?> NewerThanAsync(InstanceQueries instances, CommandEnvelope command, TimeSpan wait, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(time);
        var issued = command.IssuedAt.ToDateTimeOffset();
        var deadline = time.GetUtcNow() + wait;
        while (true)
        {
            var qr = await instances.QrAsync(command.Instance, ct);
            if ((qr is not null && qr.UpdatedAt >= issued) || time.GetUtcNow() >= deadline)
            {
                return qr;
            }

            await Task.Delay(s_poll, time, ct);
        }
    }
}

using System.Diagnostics;
using System.Threading.Channels;
using Evostream.Connector.Drivers;

namespace Evostream.ConnectorTestHost;

/// <summary>A transport that kills its process (SIGKILL: no shutdown code runs) once one command's effect has happened.</summary>
internal sealed class CrashAfterEffectDriver(IWhatsAppDriver inner, string commandId) : IWhatsAppDriver
{
    public string Integration => inner.Integration;

    public string Transport => inner.Transport;

    public DriverCapabilities Capabilities => inner.Capabilities;

    public async ValueTask<IWhatsAppSession> OpenAsync(SessionStart start, CancellationToken ct) =>
        new Session(await inner.OpenAsync(start, ct), commandId);

    private sealed class Session(IWhatsAppSession inner, string commandId) : IWhatsAppSession
    {
        public string Instance => inner.Instance;

        public ChannelReader<SessionSignal> Signals => inner.Signals;

        public ValueTask<DriverResult> ConnectAsync(string? pairingNumber, CancellationToken ct) => inner.ConnectAsync(pairingNumber, ct);

        public async ValueTask<DriverResult> ExecuteAsync(DriverRequest request, CancellationToken ct)
        {
            var result = await inner.ExecuteAsync(request, ct);
            if (request.Command.CommandId == commandId)
            {
                // The effect is out (the simulator has journaled the send); its events and ledger entry are not committed.
                await Console.Error.WriteLineAsync($"connector test host: killing the process after the effect of {commandId}, before its commit");
                Process.GetCurrentProcess().Kill();
            }

            return result;
        }

        public ValueTask<SendCheck> CheckSentAsync(string messageId, CancellationToken ct) => inner.CheckSentAsync(messageId, ct);

        public ValueTask LogoutAsync(CancellationToken ct) => inner.LogoutAsync(ct);

        public ValueTask StopAsync(CancellationToken ct) => inner.StopAsync(ct);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

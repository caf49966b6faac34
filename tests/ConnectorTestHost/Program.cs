using Evostream.Connector;
using Evostream.Connector.Drivers;
using Evostream.Connector.Drivers.Simulator;
using Evostream.ConnectorTestHost;
using Evostream.Platform.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

// src/Connector's program, composed the same way, but its transport dies like kill -9 right after the effect of the
// command id given as the first argument, before the connector can commit that effect's transaction.
if (args.Length == 0 || string.IsNullOrWhiteSpace(args[0]))
{
    await Console.Error.WriteLineAsync("usage: Evostream.ConnectorTestHost <command id to crash after>");
    return 64;
}

var crashAfter = args[0];
return await ServiceMain.RunAsync(async () =>
{
    var builder = Host.CreateApplicationBuilder(args[1..]);
    builder.AddConnector();
    // The simulator (EVOSTREAM_WHATSAPP=simulator) is the one transport here, wrapped so it dies after the effect.
    builder.Services.RemoveAll<IWhatsAppDriver>();
    builder.Services.AddSingleton<IWhatsAppDriver>(sp => new CrashAfterEffectDriver(sp.GetRequiredService<SimulatorDriver>(), crashAfter));
    await builder.Build().RunAsync();
});

using System.CommandLine;

namespace Evostream.Cli.Dev;

internal static class DevCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "HTTP port of the API; 0 picks a free one and prints it.", DefaultValueFactory = _ => 8080 };
        var brokers = new Option<int>("--brokers") { Description = "Brokers in the embedded Kafka cluster.", DefaultValueFactory = _ => 3 };
        var state = new Option<DirectoryInfo>("--state") { Description = "Folder for the private PostgreSQL and dev.env.", DefaultValueFactory = _ => new DirectoryInfo(".evostream") };
        var whatsapp = new Option<string?>("--whatsapp")
        {
            Description = "The network WHATSAPP-BAILEYS instances run on: simulator (the default, offline, no phone) or real (Baileys: link your phone from the QR viewer). Wins over EVOSTREAM_WHATSAPP.",
        };
        whatsapp.AcceptOnlyFromAmong("simulator", "real");
        port.Validators.Add(r => { if (r.GetValue(port) is < 0 or > 65535) { r.AddError("--port must be from 0 (any free port) to 65535."); } });
        brokers.Validators.Add(r => { if (r.GetValue(brokers) is < 1 or > 9) { r.AddError("--brokers must be from 1 to 9."); } });

        var command = new Command("dev", "Run everything on this machine: embedded Kafka, a private PostgreSQL and the four services.")
        {
            port, brokers, state, whatsapp,
        };
        command.SetAction((result, ct) => DevStack.RunAsync(
            new DevOptions(result.GetValue(port), result.GetValue(brokers), result.GetValue(state)!, result.GetValue(whatsapp)), ct));
        return command;
    }
}

/// <param name="WhatsApp">--whatsapp: simulator or real; null leaves EVOSTREAM_WHATSAPP (or the dev default, the simulator) to decide.</param>
internal sealed record DevOptions(int Port, int Brokers, DirectoryInfo State, string? WhatsApp = null);

using System.Text.Json;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Contracts.Evolution;

/// <summary>tests/clients: the pinned npm clients (kafkajs, socket.io-client, ws) the real-client tests run.</summary>
public static class NodeClients
{
    public static string Folder { get; } = RepoRoot.File("tests", "clients");

    /// <summary>Runs <c>npm ci</c> unless every pinned dependency is installed at its pinned version.</summary>
    public static async Task EnsureInstalledAsync(CancellationToken ct)
    {
        using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Folder, "package.json"), ct));
        var missing = false;
        foreach (var dependency in manifest.RootElement.GetProperty("dependencies").EnumerateObject())
        {
            var installed = Path.Combine(Folder, "node_modules", dependency.Name, "package.json");
            if (!File.Exists(installed))
            {
                missing = true;
                break;
            }

            using var package = JsonDocument.Parse(await File.ReadAllTextAsync(installed, ct));
            missing |= package.RootElement.GetProperty("version").GetString() != dependency.Value.GetString();
        }

        if (!missing)
        {
            return;
        }

        var npm = ExternalTool.Require("npm", "install Node.js and npm (apt-get install -y nodejs npm)");
        var run = await ExternalTool.RunAsync(npm, ["ci", "--silent"], Folder, TimeSpan.FromMinutes(3), ct);
        Assert.True(run.ExitCode == 0, $"npm ci in tests/clients failed: {run}");
    }
}

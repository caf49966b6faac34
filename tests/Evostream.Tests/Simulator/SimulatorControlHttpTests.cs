using System.CommandLine;
using System.Net;
using System.Net.Http.Json;
using Evostream.Cli.Simulator;
using Evostream.Connector.Drivers.Simulator;
using Evostream.Connector.Drivers.Simulator.Http;
using Evostream.Connector.Drivers.Simulator.Network;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Evostream.Tests.Simulator;

public sealed class SimulatorControlHttpTests
{
    private const string Key = "simulator-test-key-0123456789abcdef";

    private static async Task<(WebApplication App, HttpClient Http, SimulatorHarness Sim)> StartAsync()
    {
        var sim = new SimulatorHarness();
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddSingleton(sim.Network);
        builder.Services.AddWhatsAppSimulator(new SimulatorOptions());
        var app = builder.Build();
        app.MapSimulator(Key);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var http = app.GetTestClient();
        http.DefaultRequestHeaders.Add("apikey", Key);
        return (app, http, sim);
    }

    [Fact]
    public async Task Endpoints_need_the_api_key_and_name_bad_input()
    {
        var (app, http, sim) = await StartAsync();
        await using var _ = app;
        using var __ = sim;
        var ct = TestContext.Current.CancellationToken;

        using var anonymous = app.GetTestClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/simulator/status", UriKind.Relative), ct)).StatusCode);

        var bad = await http.PostAsJsonAsync("/simulator/send", new { from = "12", to = SimulatorHarness.Owner, text = "x" }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("from '12'", (await bad.Content.ReadFromJsonAsync<SimulatorApi.Error>(ct))!.Message, StringComparison.Ordinal);

        using var garbage = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync(new Uri("/simulator/ban", UriKind.Relative), garbage, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsJsonAsync("/simulator/explode", new { }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsJsonAsync("/simulator/disconnect", new { number = SimulatorHarness.Owner }, ct)).StatusCode);
    }

    [Fact]
    public async Task A_phone_links_and_a_contact_writes_through_http()
    {
        var (app, http, sim) = await StartAsync();
        await using var _ = app;
        using var __ = sim;
        var ct = TestContext.Current.CancellationToken;

        var session = await sim.OpenAsync("shop");
        await session.ConnectAsync(null, ct);
        var status = await http.GetFromJsonAsync<List<SimulatorInstanceStatus>>("/simulator/status", SimulatorApi.Json, ct);
        var qr = Assert.Single(status!).QrCode;

        var scan = await http.PostAsJsonAsync("/simulator/scan", new { code = qr, number = SimulatorHarness.Owner }, ct);
        Assert.Equal(HttpStatusCode.OK, scan.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsJsonAsync("/simulator/scan", new { code = qr, number = SimulatorHarness.Owner }, ct)).StatusCode);

        SimulatorHarness.Drain(session);
        var send = await http.PostAsJsonAsync("/simulator/send", new { from = SimulatorHarness.Maria, to = SimulatorHarness.Owner, text = "oi!" }, ct);
        Assert.Equal(HttpStatusCode.OK, send.StatusCode);
        var upsert = SimulatorHarness.Events(SimulatorHarness.Drain(session)).Single(e => e.Event == "messages.upsert");
        Assert.Equal("oi!", upsert.MessagesUpsert.Message.Conversation);

        Assert.Equal(HttpStatusCode.OK, (await http.PostAsJsonAsync("/simulator/disconnect", new { number = SimulatorHarness.Owner, reason = 440 }, ct)).StatusCode);
        Assert.Equal(440, Assert.Single(SimulatorHarness.Drain(session).OfType<Connector.Drivers.SessionSignal.Ended>()).StatusReason);
    }

    [Fact]
    public async Task The_cli_refuses_bad_arguments_and_explains_a_missing_dev_stack()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}", "dev.env");
        Assert.Null(SimulatorClient.For(missing, out var error));
        Assert.Contains("./evostream dev", error, StringComparison.Ordinal);

        var command = SimulatorCommand.Create(missing);
        Assert.NotEmpty(command.Parse(["send", "--to", SimulatorHarness.Owner]).Errors);
        Assert.NotEmpty(command.Parse(["disconnect", SimulatorHarness.Owner, "--reason", "abc"]).Errors);
        Assert.NotEmpty(command.Parse(["frobnicate"]).Errors);
        Assert.Empty(command.Parse(["send", "--from", SimulatorHarness.Maria, "--to", SimulatorHarness.Owner, "--text", "hi"]).Errors);
        Assert.Equal(SimulatorCommand.Failed, await command.Parse(["status"]).InvokeAsync(cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_cli_calls_the_endpoints_named_in_dev_env()
    {
        var (app, _, sim) = await StartAsync();
        await using var __ = app;
        using var ___ = sim;
        var folder = Directory.CreateTempSubdirectory("evostream-sim-cli-").FullName;
        try
        {
            var env = Path.Combine(folder, "dev.env");
            Cli.Dev.DevEnvFile.Write(env, new Dictionary<string, string> { ["SERVER_URL"] = "http://localhost", ["AUTHENTICATION_API_KEY"] = Key });
            var client = SimulatorClient.For(env, out _, app.GetTestServer().CreateHandler())!;
            using var output = new StringWriter();
            using var errors = new StringWriter();
            var ct = TestContext.Current.CancellationToken;

            Assert.Equal(0, await client.CallAsync("ban", new SimulatorApi.Request(Number: SimulatorHarness.Maria), output, errors, ct));
            Assert.Equal(SimulatorCommand.BadInput, await client.CallAsync("ban", new SimulatorApi.Request(Number: "x"), output, errors, ct));
            Assert.Contains("number 'x'", errors.ToString(), StringComparison.Ordinal);
            Assert.Equal(0, await client.CallAsync("status", null, output, errors, ct));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

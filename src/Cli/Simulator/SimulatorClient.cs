using System.Net.Http.Json;
using System.Text.Json;
using Evostream.Cli.Dev;
using Evostream.Connector.Drivers.Simulator.Http;

namespace Evostream.Cli.Simulator;

/// <summary>Calls the /simulator endpoints of the running <c>./evostream dev</c> stack that wrote <paramref name="devEnvPath"/>.</summary>
internal sealed class SimulatorClient(Uri serverUrl, string apiKey, HttpMessageHandler? handler = null)
{
    /// <summary>A client, or the reason there is none: no dev.env, or one without a URL or key.</summary>
    public static SimulatorClient? For(string devEnvPath, out string? error, HttpMessageHandler? handler = null)
    {
        error = null;
        if (!File.Exists(devEnvPath))
        {
            error = $"no dev stack found: {devEnvPath} does not exist. Start one with ./evostream dev (in another terminal), then retry.";
            return null;
        }

        var url = DevEnvFile.ReadValue(devEnvPath, "SERVER_URL");
        var key = DevEnvFile.ReadValue(devEnvPath, "AUTHENTICATION_API_KEY");
        if (url is null || key is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            error = $"{devEnvPath} has no usable SERVER_URL and AUTHENTICATION_API_KEY; start ./evostream dev again to rewrite it.";
            return null;
        }

        return new SimulatorClient(uri, key, handler);
    }

    /// <summary>Sends one action (or GET status when <paramref name="body"/> is null); prints the answer.</summary>
    public async Task<int> CallAsync(string action, SimulatorApi.Request? body, TextWriter output, TextWriter errors, CancellationToken ct)
    {
        using var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.Timeout = TimeSpan.FromSeconds(30);
        using var message = new HttpRequestMessage(body is null ? HttpMethod.Get : HttpMethod.Post, new Uri(serverUrl, $"{SimulatorApi.Prefix}/{action}"));
        if (body is not null)
        {
            message.Content = JsonContent.Create(body, options: SimulatorApi.Json);
        }

        message.Headers.Add(SimulatorApi.ApiKeyHeader, apiKey);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, ct);
        }
        catch (HttpRequestException e)
        {
            await errors.WriteLineAsync($"the dev stack at {serverUrl} did not answer ({e.Message}). Is ./evostream dev running?");
            return SimulatorCommand.Failed;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (response.IsSuccessStatusCode)
            {
                await output.WriteLineAsync(text);
                return 0;
            }

            await errors.WriteLineAsync($"simulator {action}: {ErrorOf(text, response)}");
            return (int)response.StatusCode == 400 ? SimulatorCommand.BadInput : SimulatorCommand.Failed;
        }
    }

    private static string ErrorOf(string text, HttpResponseMessage response)
    {
        try
        {
            return JsonSerializer.Deserialize<SimulatorApi.Error>(text, SimulatorApi.Json)?.Message ?? $"HTTP {(int)response.StatusCode}";
        }
        catch (JsonException)
        {
            return $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
    }
}

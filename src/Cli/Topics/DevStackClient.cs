using System.Net.Http.Json;
using Evostream.Cli.Dev;
using Evostream.Platform.Configuration;
using Evostream.Platform.Kafka.Topics;

namespace Evostream.Cli.Topics;

/// <summary>Asks a running <c>./evostream dev</c> process to apply the catalog to its embedded cluster.</summary>
internal sealed class DevStackClient(Uri serverUrl, string apiKey, string devEnvPath)
{
    /// <summary>A client when <paramref name="kafka"/> points at the brokers that dev.env records; null otherwise.</summary>
    public static DevStackClient? For(KafkaSettings kafka, string devEnvPath)
    {
        var brokers = DevEnvFile.ReadValue(devEnvPath, "KAFKA_BROKERS");
        if (brokers is null || !SameBrokers(brokers, kafka.Brokers))
        {
            return null;
        }

        var url = DevEnvFile.ReadValue(devEnvPath, "SERVER_URL");
        var key = DevEnvFile.ReadValue(devEnvPath, "AUTHENTICATION_API_KEY");
        return url is not null && key is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri) ? new DevStackClient(uri, key, devEnvPath) : null;
    }

    public string Target => $"the ./evostream dev stack at {serverUrl} (it wrote {devEnvPath})";

    /// <exception cref="TopicBackendException">The dev process did not answer or refused.</exception>
    /// <exception cref="ArgumentException">An instance name is invalid.</exception>
    public async Task<TopicReport> ApplyAsync(TopicsApply.Request request, KafkaSettings kafka, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(serverUrl, DevTopicsApi.Path))
        {
            Content = JsonContent.Create(DevTopicsApi.Request.From(request, kafka), options: DevTopicsApi.Json),
        };
        message.Headers.Add(DevTopicsApi.ApiKeyHeader, apiKey);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, ct);
        }
        catch (HttpRequestException e)
        {
            throw new TopicBackendException(
                $"KAFKA_BROKERS is the embedded Kafka of {Target}, which creates topics only from inside that process, and it did"
                + $" not answer ({e.Message}). If it has stopped, start ./evostream dev again: it applies the catalog at start.", e);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                var report = await response.Content.ReadFromJsonAsync<TopicReport>(DevTopicsApi.Json, ct)
                    ?? throw new TopicBackendException($"{Target} answered with an empty body.");
                return report with { Target = $"{report.Target}, through {Target}" };
            }

            var error = await ReadErrorAsync(response, ct);
            throw response.StatusCode == System.Net.HttpStatusCode.BadRequest
                ? new ArgumentException(error)
                : new TopicBackendException($"{Target} refused: {error}");
        }
    }

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return (await response.Content.ReadFromJsonAsync<DevTopicsApi.Error>(DevTopicsApi.Json, ct))?.Message ?? response.ReasonPhrase ?? "";
        }
        catch (System.Text.Json.JsonException)
        {
            return $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}";
        }
    }

    private static bool SameBrokers(string a, string b) =>
        Split(a).SetEquals(Split(b));

    private static HashSet<string> Split(string brokers) =>
        brokers.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
}

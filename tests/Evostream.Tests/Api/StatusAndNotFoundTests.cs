using System.Net;
using System.Text.Json;
using Evostream.Platform.Configuration;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Api;

public class StatusAndNotFoundTests(EmbeddedStack stack)
{
    [Fact]
    public async Task Root_answers_status_ok_and_the_version()
    {
        await using var api = await ApiHost.StartAsync(stack);
        var response = await api.Client.GetAsync("/", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal("ok", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("0.1.0", body.RootElement.GetProperty("version").GetString());
        Assert.Equal("http://localhost:8080/docs", body.RootElement.GetProperty("documentation").GetString());
    }

    [Theory]
    [InlineData("GET", "/nothing/here")]
    [InlineData("POST", "/message/sendNothing/inst")]
    public async Task Unknown_routes_answer_like_Evolution(string method, string path)
    {
        await using var api = await ApiHost.StartAsync(stack);
        var response = await api.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(
            $$$"""{"status":404,"error":"Not Found","response":{"message":["Cannot {{{method}}} {{{path}}}"]}}""",
            await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Outside_dev_mode_the_api_refuses_to_start_with_a_weak_key()
    {
        var error = await Assert.ThrowsAsync<ConfigurationException>(() => ApiHost.StartAsync(stack, new Dictionary<string, string?>
        {
            ["EVOSTREAM_MODE"] = "production",
            ["AUTHENTICATION_API_KEY"] = "BQYHJGJHJ",
        }));
        Assert.Contains("AUTHENTICATION_API_KEY is a published example key", error.Message, StringComparison.Ordinal);
    }
}

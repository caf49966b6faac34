using Evostream.Cli.Dev;
using Evostream.Cli.Topics;
using Evostream.Platform.Embedded;
using Evostream.Platform.Kafka;
using Evostream.Platform.Kafka.Topics;
using Evostream.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Evostream.Tests.Topics;

/// <summary>
/// <c>topics apply</c> against a running dev stack: the CLI finds the stack through dev.env and the stack applies
/// the catalog to its embedded cluster, as <c>./evostream dev</c> wires it.
/// </summary>
public sealed class DevStackTopicsTests(EmbeddedStack stack) : IAsyncLifetime
{
    private const string ApiKey = "dev-stack-test-key-0123456789";
    private readonly string _state = Directory.CreateTempSubdirectory("evostream-dev-topics-").FullName;
    private WebApplication? _app;
    private EmbeddedTopicBackend? _backend;

    private string DevEnv => Path.Combine(_state, "dev.env");

    public async ValueTask InitializeAsync()
    {
        var kafka = stack.KafkaSettings("dev");
        _backend = new EmbeddedTopicBackend(stack.Kafka, new KafkaClientConfigs(kafka));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.MapDevTopics(TopicCatalog.BuiltIn, _backend, kafka, ApiKey);
        await _app.StartAsync(TestContext.Current.CancellationToken);
        var url = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        WriteDevEnv(url, ApiKey);
    }

    [Fact]
    public async Task Apply_goes_through_the_dev_stack_with_the_callers_settings()
    {
        var settings = TopicsApplyTests.Settings(stack, EmbeddedStack.NewPrefix("devcli"));

        var (code, output, errors) = await TopicsApplyTests.Run(stack, new TopicsApply.Request(false, false, ["shop"]), settings, DevEnv);

        Assert.True(code == TopicsApply.Matches, errors);
        Assert.Contains("through the ./evostream dev stack at http://127.0.0.1:", output, StringComparison.Ordinal);
        Assert.Contains($"  created    evostream.{settings.Kafka.TopicPrefix}.commands ", output, StringComparison.Ordinal);
        Assert.Contains($"  created    {settings.Kafka.TopicPrefix}.shop.messages.upsert ", output, StringComparison.Ordinal);

        var (again, againOutput, _) = await TopicsApplyTests.Run(stack, new TopicsApply.Request(false, false, ["shop"]), settings, DevEnv);
        Assert.Equal(TopicsApply.Matches, again);
        Assert.Contains("0 created, 51 unchanged", againOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_dev_stack_refuses_a_caller_without_its_key()
    {
        var url = DevEnvFile.ReadValue(DevEnv, "SERVER_URL")!;
        WriteDevEnv(url, "not-the-key");
        var settings = TopicsApplyTests.Settings(stack, EmbeddedStack.NewPrefix("devcli"));

        var (code, _, errors) = await TopicsApplyTests.Run(stack, new TopicsApply.Request(false, false, []), settings, DevEnv);

        Assert.Equal(TopicsApply.Failed, code);
        Assert.Contains("refused: the apikey header must carry the dev stack's AUTHENTICATION_API_KEY", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stopped_dev_stack_is_reported_as_such()
    {
        WriteDevEnv("http://127.0.0.1:1", ApiKey);
        var settings = TopicsApplyTests.Settings(stack, EmbeddedStack.NewPrefix("devcli"));

        var (code, _, errors) = await TopicsApplyTests.Run(stack, new TopicsApply.Request(false, false, []), settings, DevEnv);

        Assert.Equal(TopicsApply.Failed, code);
        Assert.Contains("which creates topics only from inside that process, and it did not answer", errors, StringComparison.Ordinal);
        Assert.Contains("start ./evostream dev again", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_missing_a_field_is_refused_naming_it()
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(DevEnvFile.ReadValue(DevEnv, "SERVER_URL")!), DevTopicsApi.Path))
        {
            Content = new StringContent("{\"growPartitions\":false,\"dryRun\":true}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add(DevTopicsApi.ApiKeyHeader, ApiKey);

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("the body is not a topics apply request", body, StringComparison.Ordinal);
        Assert.Contains("topicPrefix", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Other_brokers_never_go_to_the_dev_stack()
    {
        var settings = TopicsApplyTests.Settings(stack, EmbeddedStack.NewPrefix("devcli"));
        settings = settings with { Kafka = settings.Kafka with { Brokers = "127.0.0.1:1", RequestTimeout = TimeSpan.FromSeconds(1) } };

        var (code, _, errors) = await TopicsApplyTests.Run(stack, new TopicsApply.Request(false, true, []), settings, DevEnv);

        Assert.Equal(TopicsApply.Failed, code);
        Assert.StartsWith("Kafka at 127.0.0.1:1 did not answer DescribeCluster", errors, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        _backend?.Dispose();
        Directory.Delete(_state, recursive: true);
    }

    private void WriteDevEnv(string url, string key) =>
        DevEnvFile.Write(DevEnv, new Dictionary<string, string>
        {
            ["KAFKA_BROKERS"] = stack.Kafka.BootstrapServers,
            ["SERVER_URL"] = url,
            ["AUTHENTICATION_API_KEY"] = key,
        });
}

using System.Net;

using Evostream.Contracts.WireFormat;
using Evostream.Tests.Contracts.Protos;

namespace Evostream.Tests.Contracts.WireFormat;

public sealed class SchemaRegistryClientTests : IDisposable
{
    private const string TimestampProto = "google/protobuf/timestamp.proto";
    private const string CommonProto = "evostream_test/wire_common.proto";
    private readonly HttpClient _http = new();

    public void Dispose() => _http.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string EmbeddedText(string name)
    {
        using var stream = typeof(SchemaRegistryClientTests).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException(name);
        return new StreamReader(stream).ReadToEnd();
    }

    [Fact]
    public async Task A_serializer_registers_once_then_serves_from_cache()
    {
        await using var fake = await FakeSchemaRegistry.StartAsync();
        var registry = new SchemaRegistryClient(_http, fake.Url);
        var serializer = new ProtobufWireSerializer<TestCommand>(registry);

        for (var i = 0; i < 3; i++)
        {
            await serializer.SerializeAsync(new TestCommand { CommandId = $"c{i}" }, "wa.commands", cancellationToken: Ct);
        }

        // timestamp.proto is imported twice (by both files) but registered and looked up once.
        Assert.Equal(1, fake.Count("POST", $"/subjects/{TimestampProto}/versions"));
        Assert.Equal(1, fake.Count("POST", $"/subjects/{TimestampProto}"));
        Assert.Equal(1, fake.Count("POST", $"/subjects/{CommonProto}/versions"));
        Assert.Equal(1, fake.Count("POST", $"/subjects/{CommonProto}"));
        Assert.Equal(1, fake.Count("POST", "/subjects/wa.commands-value/versions"));
        Assert.Equal(5, fake.Requests.Count);

        // Another serializer on the same client finds everything cached; a new topic costs only its own subject.
        await new ProtobufWireSerializer<TestCommand>(registry).SerializeAsync(new TestCommand(), "wa.commands", cancellationToken: Ct);
        Assert.Equal(5, fake.Requests.Count);
        await serializer.SerializeAsync(new TestCommand(), "wa.other", cancellationToken: Ct);
        Assert.Equal(6, fake.Requests.Count);
        Assert.Equal(1, fake.Count("POST", "/subjects/wa.other-value/versions"));
    }

    [Fact]
    public async Task Imports_are_registered_as_references_under_their_own_subjects()
    {
        await using var fake = await FakeSchemaRegistry.StartAsync();
        var record = await new ProtobufWireSerializer<TestCommand>(new SchemaRegistryClient(_http, fake.Url)).SerializeAsync(new TestCommand(), "wa.commands", cancellationToken: Ct);
        var id = ConfluentWireFormat.ReadHeader(record).SchemaId;

        // A second client has an empty cache, so this is what the registry stored.
        var fresh = new SchemaRegistryClient(_http, fake.Url);
        var main = await fresh.GetSchemaAsync(id, Ct);
        Assert.Equal(RegistrySchema.Protobuf, main.SchemaType);
        Assert.Equal(EmbeddedText("evostream_test/wire_test.proto"), main.Schema);
        Assert.Equal([new SchemaReference(TimestampProto, TimestampProto, 1), new SchemaReference(CommonProto, CommonProto, 1)], main.References);

        var common = await fresh.GetSchemaAsync(2, Ct);
        Assert.Equal(EmbeddedText(CommonProto), common.Schema);
        Assert.Equal([new SchemaReference(TimestampProto, TimestampProto, 1)], common.References);

        var timestamp = await fresh.GetSchemaAsync(1, Ct);
        Assert.Contains("message Timestamp {", timestamp.Schema, StringComparison.Ordinal);
        Assert.Empty(timestamp.References);
    }

    [Fact]
    public async Task A_registry_error_carries_status_error_code_and_message()
    {
        await using var fake = await FakeSchemaRegistry.StartAsync();
        var registry = new SchemaRegistryClient(_http, fake.Url);
        var withoutReferences = new RegistrySchema(EmbeddedText("evostream_test/wire_test.proto"), RegistrySchema.Protobuf, []);

        var e = await Assert.ThrowsAsync<SchemaRegistryException>(() => registry.RegisterAsync("wa.commands-value", withoutReferences, Ct));

        Assert.Equal((HttpStatusCode)422, e.Status);
        Assert.Equal(42201, e.ErrorCode);
        Assert.Equal("Invalid schema: import google/protobuf/timestamp.proto has no reference", e.RegistryMessage);
        Assert.StartsWith("Schema Registry POST /subjects/wa.commands-value/versions failed: HTTP 422 UnprocessableEntity, error_code 42201: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Lookup_of_an_unregistered_subject_is_40401()
    {
        await using var fake = await FakeSchemaRegistry.StartAsync();
        var e = await Assert.ThrowsAsync<SchemaRegistryException>(() =>
            new SchemaRegistryClient(_http, fake.Url).LookupAsync("nobody-value", new RegistrySchema("syntax = \"proto3\";", RegistrySchema.Protobuf, []), Ct));
        Assert.Equal(HttpStatusCode.NotFound, e.Status);
        Assert.Equal(40401, e.ErrorCode);
    }

    [Fact]
    public async Task Both_directions_are_cached()
    {
        await using var fake = await FakeSchemaRegistry.StartAsync();
        var registry = new SchemaRegistryClient(_http, fake.Url);
        var schema = new RegistrySchema("syntax = \"proto3\";\nmessage A {}\n", RegistrySchema.Protobuf, []);

        var id = await registry.RegisterAsync("a-value", schema, Ct);
        Assert.Equal(id, await registry.RegisterAsync("a-value", schema, Ct));
        Assert.Same(schema, await registry.GetSchemaAsync(id, Ct));
        Assert.Single(fake.Requests);

        var other = new SchemaRegistryClient(_http, fake.Url);
        Assert.Equal(schema, await other.GetSchemaAsync(id, Ct));
        Assert.Equal(schema, await other.GetSchemaAsync(id, Ct));
        Assert.Equal(1, fake.Count("GET", $"/schemas/ids/{id}"));
    }

    [Fact]
    public async Task The_same_schema_gets_the_same_id_under_every_subject()
    {
        await using var fake = await FakeSchemaRegistry.StartAsync();
        var schema = new RegistrySchema("syntax = \"proto3\";\nmessage A {}\n", RegistrySchema.Protobuf, []);
        var first = await new SchemaRegistryClient(_http, fake.Url).RegisterAsync("a-value", schema, Ct);
        var second = await new SchemaRegistryClient(_http, fake.Url).RegisterAsync("b-value", schema, Ct);
        var different = await new SchemaRegistryClient(_http, fake.Url).RegisterAsync("a-value", schema with { Schema = "syntax = \"proto3\";\nmessage B {}\n" }, Ct);
        Assert.Equal(first, second);
        Assert.NotEqual(first, different);
    }

    [Fact]
    public async Task Basic_auth_is_sent_on_every_request()
    {
        await using var fake = await FakeSchemaRegistry.StartAsync(userInfo: "evostream:s3cr3t");
        var registry = new SchemaRegistryClient(_http, fake.Url, "evostream:s3cr3t");

        var record = await new ProtobufWireSerializer<TestCommand>(registry).SerializeAsync(new TestCommand(), "wa.commands", cancellationToken: Ct);
        await new SchemaRegistryClient(_http, fake.Url, "evostream:s3cr3t").GetSchemaAsync(ConfluentWireFormat.ReadHeader(record).SchemaId, Ct);

        Assert.Equal(6, fake.Requests.Count);
        Assert.All(fake.Requests, r => Assert.Equal("Basic ZXZvc3RyZWFtOnMzY3IzdA==", r.Authorization));
    }

    [Theory]
    [InlineData("evostream:wrong")]
    [InlineData(null)]
    public async Task Wrong_or_missing_credentials_are_a_401(string? userInfo)
    {
        await using var fake = await FakeSchemaRegistry.StartAsync(userInfo: "evostream:s3cr3t");
        var e = await Assert.ThrowsAsync<SchemaRegistryException>(() => new SchemaRegistryClient(_http, fake.Url, userInfo).GetSchemaAsync(1, Ct));
        Assert.Equal(HttpStatusCode.Unauthorized, e.Status);
        Assert.Equal(401, e.ErrorCode);
        Assert.Equal("Schema Registry GET /schemas/ids/1 failed: HTTP 401 Unauthorized, error_code 401: Unauthorized", e.Message);
    }

    [Fact]
    public async Task A_url_with_a_path_keeps_its_path()
    {
        await using var fake = await FakeSchemaRegistry.StartAsync();
        var e = await Assert.ThrowsAsync<SchemaRegistryException>(() => new SchemaRegistryClient(_http, new Uri(fake.Url, "registry")).GetSchemaAsync(1, Ct));
        Assert.Equal(HttpStatusCode.NotFound, e.Status);
        Assert.Null(e.ErrorCode);
        Assert.Equal("/registry/schemas/ids/1", fake.Requests.Single().Path);
    }
}

using System.Net;

using Confluent.SchemaRegistry;

using Evostream.Contracts.WireFormat;
using Evostream.Tests.Contracts.Protos;

namespace Evostream.Tests.Contracts.WireFormat;

/// <summary>Confluent's CachedSchemaRegistryClient as Evostream configures and uses it, against the fake registry.</summary>
public sealed class SchemaRegistryClientsTests
{
    private const string TimestampProto = "google/protobuf/timestamp.proto";
    private const string CommonProto = "evostream_test/wire_common.proto";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string EmbeddedText(string name)
    {
        using var stream = typeof(SchemaRegistryClientsTests).Assembly.GetManifestResourceStream(name) ?? throw new InvalidOperationException(name);
        return new StreamReader(stream).ReadToEnd();
    }

    private static (string Name, string Subject, int Version)[] Refs(Schema schema) => [.. schema.References.Select(r => (r.Name, r.Subject, r.Version))];

    [Fact]
    public async Task A_serializer_registers_once_then_serves_from_cache()
    {
        await using var fake = await FakeSchemaRegistry.StartAsync();
        using var registry = SchemaRegistryClients.Create(fake.Url, null);
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
        using var writer = SchemaRegistryClients.Create(fake.Url, null);
        var record = await new ProtobufWireSerializer<TestCommand>(writer).SerializeAsync(new TestCommand(), "wa.commands", cancellationToken: Ct);
        var id = ConfluentWireFormat.ReadHeader(record).SchemaId;

        // A second client has an empty cache, so this is what the registry stored.
        using var fresh = SchemaRegistryClients.Create(fake.Url, null);
        var main = await fresh.GetSchemaAsync(id);
        Assert.Equal(SchemaType.Protobuf, main.SchemaType);
        Assert.Equal(EmbeddedText("evostream_test/wire_test.proto"), main.SchemaString);
        Assert.Equal([(TimestampProto, TimestampProto, 1), (CommonProto, CommonProto, 1)], Refs(main));

        var common = await fresh.GetSchemaAsync(2);
        Assert.Equal(EmbeddedText(CommonProto), common.SchemaString);
        Assert.Equal([(TimestampProto, TimestampProto, 1)], Refs(common));

        var timestamp = await fresh.GetSchemaAsync(1);
        Assert.Contains("message Timestamp {", timestamp.SchemaString, StringComparison.Ordinal);
        Assert.Empty(timestamp.References);
    }

    [Fact]
    public async Task A_registry_error_carries_status_error_code_and_message()
    {
        await using var fake = await FakeSchemaRegistry.StartAsync();
        using var registry = SchemaRegistryClients.Create(fake.Url, null);
        var withoutReferences = new Schema(EmbeddedText("evostream_test/wire_test.proto"), [], SchemaType.Protobuf);

        var e = await Assert.ThrowsAsync<SchemaRegistryException>(() => registry.RegisterSchemaAsync("wa.commands-value", withoutReferences));

        Assert.Equal((HttpStatusCode)422, e.Status);
        Assert.Equal(42201, e.ErrorCode);
        Assert.Equal("Invalid schema: import google/protobuf/timestamp.proto has no reference; error code: 42201", e.Message);
    }

    [Fact]
    public async Task Lookup_of_an_unregistered_subject_is_40401()
    {
        await using var fake = await FakeSchemaRegistry.StartAsync();
        using var registry = SchemaRegistryClients.Create(fake.Url, null);
        var e = await Assert.ThrowsAsync<SchemaRegistryException>(() =>
            registry.LookupSchemaAsync("nobody-value", new Schema("syntax = \"proto3\";", SchemaType.Protobuf), ignoreDeletedSchemas: true));
        Assert.Equal(HttpStatusCode.NotFound, e.Status);
        Assert.Equal(40401, e.ErrorCode);
    }

    [Fact]
    public async Task A_warm_reader_asks_for_a_schema_id_once()
    {
        await using var fake = await FakeSchemaRegistry.StartAsync();
        using var writer = SchemaRegistryClients.Create(fake.Url, null);
        var record = await new ProtobufWireSerializer<TestCommand>(writer).SerializeAsync(new TestCommand { CommandId = "c" }, "wa.commands", cancellationToken: Ct);
        var id = ConfluentWireFormat.ReadHeader(record).SchemaId;

        using var reader = SchemaRegistryClients.Create(fake.Url, null);
        var deserializer = new ProtobufWireDeserializer<TestCommand>(reader);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("c", (await deserializer.DeserializeAsync(record, Ct)).CommandId);
        }

        Assert.Equal(1, fake.Count("GET", $"/schemas/ids/{id}"));
    }

    [Fact]
    public async Task The_same_schema_gets_the_same_id_under_every_subject()
    {
        await using var fake = await FakeSchemaRegistry.StartAsync();
        using var registry = SchemaRegistryClients.Create(fake.Url, null);
        var schema = new Schema("syntax = \"proto3\";\nmessage A {}\n", SchemaType.Protobuf);
        var first = await registry.RegisterSchemaAsync("a-value", schema);
        var second = await registry.RegisterSchemaAsync("b-value", schema);
        var different = await registry.RegisterSchemaAsync("a-value", new Schema("syntax = \"proto3\";\nmessage B {}\n", SchemaType.Protobuf));
        Assert.Equal(first, second);
        Assert.NotEqual(first, different);
        Assert.Equal(3, fake.Requests.Count);
    }

    [Fact]
    public async Task Basic_auth_is_sent_on_every_request()
    {
        await using var fake = await FakeSchemaRegistry.StartAsync(userInfo: "evostream:s3cr3t");
        using var registry = SchemaRegistryClients.Create(fake.Url, "evostream:s3cr3t");

        var record = await new ProtobufWireSerializer<TestCommand>(registry).SerializeAsync(new TestCommand(), "wa.commands", cancellationToken: Ct);
        using var reader = SchemaRegistryClients.Create(fake.Url, "evostream:s3cr3t");
        await reader.GetSchemaAsync(ConfluentWireFormat.ReadHeader(record).SchemaId);

        Assert.Equal(6, fake.Requests.Count);
        Assert.All(fake.Requests, r => Assert.Equal("Basic ZXZvc3RyZWFtOnMzY3IzdA==", r.Authorization));
    }

    [Fact]
    public async Task A_password_may_hold_colons()
    {
        // SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO splits at the first colon only, as Confluent's tools do.
        await using var fake = await FakeSchemaRegistry.StartAsync(userInfo: "key:se:cret");
        using var registry = SchemaRegistryClients.Create(fake.Url, "key:se:cret");
        await registry.RegisterSchemaAsync("a-value", new Schema("syntax = \"proto3\";\nmessage A {}\n", SchemaType.Protobuf));
        Assert.Equal("Basic a2V5OnNlOmNyZXQ=", fake.Requests.Single().Authorization);
    }

    [Theory]
    [InlineData("evostream:wrong")]
    [InlineData(null)]
    public async Task Wrong_or_missing_credentials_are_a_401(string? userInfo)
    {
        await using var fake = await FakeSchemaRegistry.StartAsync(userInfo: "evostream:s3cr3t");
        using var registry = SchemaRegistryClients.Create(fake.Url, userInfo);
        var e = await Assert.ThrowsAsync<SchemaRegistryException>(() => registry.GetSchemaAsync(1));
        Assert.Equal(HttpStatusCode.Unauthorized, e.Status);
        Assert.Equal(401, e.ErrorCode);
        Assert.Equal("Unauthorized; error code: 401", e.Message);
    }

    [Fact]
    public async Task A_url_with_a_path_keeps_its_path()
    {
        await using var fake = await FakeSchemaRegistry.StartAsync();
        using var registry = SchemaRegistryClients.Create(new Uri(fake.Url, "registry"), null);
        var e = await Assert.ThrowsAsync<SchemaRegistryException>(() => registry.GetSchemaAsync(1));
        Assert.Equal(HttpStatusCode.NotFound, e.Status);
        Assert.Equal("/registry/schemas/ids/1", fake.Requests.Single().Path);
    }

    [Fact]
    public void A_relative_url_is_refused_by_name()
    {
        var e = Assert.Throws<ArgumentException>(() => SchemaRegistryClients.Create(new Uri("registry/x", UriKind.Relative), null));
        Assert.Contains("'registry/x' is not absolute", e.Message, StringComparison.Ordinal);
    }
}

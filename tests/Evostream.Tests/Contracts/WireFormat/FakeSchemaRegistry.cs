using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Evostream.Tests.Contracts.WireFormat;

/// <summary>
/// An in-memory Confluent Schema Registry on Kestrel (loopback, ephemeral port) with just the endpoints
/// Confluent's CachedSchemaRegistryClient calls for Evostream (query strings such as ?normalize= are ignored).
/// Registration answers only the id, as registries before Confluent Platform 8 do. Like the real one: ids are global and stable per schema, a reference must name a
/// registered subject version, and every import needs a reference (this fake knows no built-in types, so
/// it also proves that well-known imports are referenced).
/// </summary>
internal sealed partial class FakeSchemaRegistry : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly List<StoredSchema> _schemas = [];
    private readonly Dictionary<string, List<int>> _subjects = new(StringComparer.Ordinal);
    private readonly List<RecordedRequest> _requests = [];
    private readonly WebApplication _app;

    private FakeSchemaRegistry(WebApplication app) => _app = app;

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <param name="userInfo">When set, requests need HTTP basic auth with exactly this user:password.</param>
    public static async Task<FakeSchemaRegistry> StartAsync(string? userInfo = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var registry = new FakeSchemaRegistry(app);
        var expectedAuth = userInfo is null ? null : "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(userInfo));

        app.Use(async (context, next) =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            registry.Record(new RecordedRequest(context.Request.Method, Uri.UnescapeDataString(context.Request.Path.Value ?? ""), authorization));
            if (expectedAuth is not null && authorization != expectedAuth)
            {
                await Error(StatusCodes.Status401Unauthorized, 401, "Unauthorized").ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        app.MapPost("/subjects/{subject}/versions", async (string subject, HttpRequest request) =>
            registry.Register(Uri.UnescapeDataString(subject), await ReadBody(request)));
        app.MapPost("/subjects/{subject}", async (string subject, HttpRequest request) =>
            registry.Lookup(Uri.UnescapeDataString(subject), await ReadBody(request)));
        app.MapGet("/schemas/ids/{id:int}", (int id) => registry.GetById(id));

        await app.StartAsync();
        registry.Url = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        return registry;
    }

    public int Count(string method, string path) => Requests.Count(r => r.Method == method && r.Path == path);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private void Record(RecordedRequest request)
    {
        lock (_lock)
        {
            _requests.Add(request);
        }
    }

    private IResult Register(string subject, JsonObject body)
    {
        var candidate = StoredSchema.From(body);
        lock (_lock)
        {
            foreach (var reference in candidate.References)
            {
                if (!_subjects.TryGetValue(reference.Subject, out var versions) || reference.Version < 1 || reference.Version > versions.Count)
                {
                    return Error(422, 42201, $"Invalid schema: reference {reference.Name} names {reference.Subject} version {reference.Version}, which does not exist");
                }
            }

            foreach (Match import in ImportPattern().Matches(candidate.Schema))
            {
                var name = import.Groups[1].Value;
                if (!candidate.References.Any(r => r.Name == name))
                {
                    return Error(422, 42201, $"Invalid schema: import {name} has no reference");
                }
            }

            var index = _schemas.IndexOf(candidate);
            if (index < 0)
            {
                _schemas.Add(candidate);
                index = _schemas.Count - 1;
            }

            var id = index + 1;
            var subjectVersions = _subjects.TryGetValue(subject, out var existing) ? existing : _subjects[subject] = [];
            if (!subjectVersions.Contains(id))
            {
                subjectVersions.Add(id);
            }

            return Results.Json(new { id });
        }
    }

    private IResult Lookup(string subject, JsonObject body)
    {
        var candidate = StoredSchema.From(body);
        lock (_lock)
        {
            if (!_subjects.TryGetValue(subject, out var versions))
            {
                return Error(404, 40401, $"Subject '{subject}' not found.");
            }

            var version = versions.FindIndex(id => _schemas[id - 1].Equals(candidate)) + 1;
            return version == 0
                ? Error(404, 40403, "Schema not found")
                : Results.Json(new { subject, id = versions[version - 1], version, schema = candidate.Schema });
        }
    }

    private IResult GetById(int id)
    {
        lock (_lock)
        {
            if (id < 1 || id > _schemas.Count)
            {
                return Error(404, 40403, $"Schema {id} not found");
            }

            var stored = _schemas[id - 1];
            var response = new JsonObject
            {
                ["schema"] = stored.Schema,
                ["references"] = new JsonArray([.. stored.References.Select(r => new JsonObject { ["name"] = r.Name, ["subject"] = r.Subject, ["version"] = r.Version })]),
            };
            if (stored.SchemaType != "AVRO")
            {
                response["schemaType"] = stored.SchemaType;
            }

            return Results.Json(response);
        }
    }

    private static IResult Error(int status, int errorCode, string message) =>
        Results.Json(new JsonObject { ["error_code"] = errorCode, ["message"] = message }, statusCode: status, contentType: "application/vnd.schemaregistry.v1+json");

    private static async Task<JsonObject> ReadBody(HttpRequest request) =>
        (await JsonNode.ParseAsync(request.Body))?.AsObject() ?? throw new BadHttpRequestException("empty body", (int)HttpStatusCode.BadRequest);

    [GeneratedRegex("""^\s*import\s+(?:public\s+|weak\s+)?"([^"]+)"\s*;""", RegexOptions.Multiline)]
    private static partial Regex ImportPattern();

    internal sealed record RecordedRequest(string Method, string Path, string Authorization);

    private sealed record Reference(string Name, string Subject, int Version);

    private sealed record StoredSchema(string Schema, string SchemaType, string ReferencesKey, IReadOnlyList<Reference> References)
    {
        public static StoredSchema From(JsonObject body)
        {
            var references = (body["references"]?.AsArray() ?? [])
                .Select(r => new Reference((string)r!["name"]!, (string)r["subject"]!, (int)r["version"]!))
                .ToList();
            return new StoredSchema((string)body["schema"]!, (string?)body["schemaType"] ?? "AVRO", string.Join(";", references), references);
        }

        // Identity is text, type and references; the list itself compares by reference, so the key stands in for it.
        public bool Equals(StoredSchema? other) => other is not null && Schema == other.Schema && SchemaType == other.SchemaType && ReferencesKey == other.ReferencesKey;

        public override int GetHashCode() => HashCode.Combine(Schema, SchemaType, ReferencesKey);
    }
}

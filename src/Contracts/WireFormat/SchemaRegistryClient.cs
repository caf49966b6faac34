using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Evostream.Contracts.WireFormat;

/// <summary>
/// The few Confluent Schema Registry REST calls Evostream makes. Successful answers are cached for the client's
/// lifetime (a registered schema's id never changes), so a warm serializer never calls the registry.
/// </summary>
public sealed class SchemaRegistryClient(HttpClient http, Uri url, string? basicAuthUserInfo = null)
{
    private const string MediaType = "application/vnd.schemaregistry.v1+json";

    // A base without a trailing slash would drop its last path segment when relative paths are resolved.
    private readonly Uri _base = url.IsAbsoluteUri
        ? new Uri(url.AbsoluteUri.TrimEnd('/') + "/")
        : throw new ArgumentException($"The Schema Registry URL '{url}' is not absolute.", nameof(url));

    private readonly AuthenticationHeaderValue? _auth = basicAuthUserInfo is null
        ? null
        : new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basicAuthUserInfo)));

    private readonly ConcurrentDictionary<(string Subject, RegistrySchema Schema), int> _ids = new();
    private readonly ConcurrentDictionary<(string Subject, RegistrySchema Schema), RegisteredSchema> _lookups = new();
    private readonly ConcurrentDictionary<int, RegistrySchema> _schemas = new();

    /// <summary>Registers <paramref name="schema"/> under <paramref name="subject"/> (a no-op if it is already there) and returns its global id.</summary>
    public async Task<int> RegisterAsync(string subject, RegistrySchema schema, CancellationToken cancellationToken = default)
    {
        var key = Key(subject, schema);
        if (_ids.TryGetValue(key, out var id))
        {
            return id;
        }

        var response = await SendAsync(HttpMethod.Post, $"subjects/{Uri.EscapeDataString(subject)}/versions", Body(schema), SchemaRegistryJson.Default.RegisterResponse, cancellationToken);
        _ids[key] = response.Id;
        _schemas.TryAdd(response.Id, schema);
        return response.Id;
    }

    /// <summary>The id and version of <paramref name="schema"/> under <paramref name="subject"/>; fails with error_code 40401/40403 if it is not registered there.</summary>
    public async Task<RegisteredSchema> LookupAsync(string subject, RegistrySchema schema, CancellationToken cancellationToken = default)
    {
        var key = Key(subject, schema);
        if (_lookups.TryGetValue(key, out var registered))
        {
            return registered;
        }

        var response = await SendAsync(HttpMethod.Post, $"subjects/{Uri.EscapeDataString(subject)}", Body(schema), SchemaRegistryJson.Default.LookupResponse, cancellationToken);
        registered = new RegisteredSchema(response.Subject, response.Id, response.Version);
        _lookups[key] = registered;
        _ids[key] = registered.Id;
        _schemas.TryAdd(registered.Id, schema);
        return registered;
    }

    public async Task<RegistrySchema> GetSchemaAsync(int id, CancellationToken cancellationToken = default)
    {
        if (_schemas.TryGetValue(id, out var schema))
        {
            return schema;
        }

        var response = await SendAsync(HttpMethod.Get, $"schemas/ids/{id}", null, SchemaRegistryJson.Default.SchemaByIdResponse, cancellationToken);
        schema = new RegistrySchema(response.Schema, response.SchemaType ?? "AVRO", response.References ?? []);
        _schemas[id] = schema;
        return schema;
    }

    private static (string, RegistrySchema) Key(string subject, RegistrySchema schema)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        ArgumentNullException.ThrowIfNull(schema);
        return (subject, schema);
    }

    private static string Body(RegistrySchema schema) => JsonSerializer.Serialize(schema, SchemaRegistryJson.Default.RegistrySchema);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, string? body, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_base, path));
        request.Headers.Accept.ParseAdd(MediaType);
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.Authorization = _auth;
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, MediaType);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var description = $"{method} {request.RequestUri!.AbsolutePath}";
        if (!response.IsSuccessStatusCode)
        {
            throw await ErrorAsync(description, response, cancellationToken);
        }

        return await response.Content.ReadFromJsonAsync(type, cancellationToken)
            ?? throw new SchemaRegistryException(description, response.StatusCode, null, "the response body is empty");
    }

    private static async Task<SchemaRegistryException> ErrorAsync(string request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        RegistryError? error = null;
        try
        {
            error = JsonSerializer.Deserialize(text, SchemaRegistryJson.Default.RegistryError);
        }
        catch (JsonException)
        {
            // A proxy or load balancer in front of the registry may answer with HTML or plain text.
        }

        var message = error?.Message ?? (text.Length > 0 ? text[..Math.Min(text.Length, 500)] : response.ReasonPhrase ?? "no message");
        return new SchemaRegistryException(request, response.StatusCode, error?.ErrorCode, message);
    }
}

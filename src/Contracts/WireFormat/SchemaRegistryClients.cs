using Confluent.SchemaRegistry;

namespace Evostream.Contracts.WireFormat;

/// <summary>
/// Confluent's own Schema Registry client, configured from Evostream's settings (SCHEMA_REGISTRY_URL and
/// SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO, the names Confluent's tools use). It caches every answer for its lifetime (a
/// registered schema's id never changes), so a warm serializer never calls the registry.
/// </summary>
public static class SchemaRegistryClients
{
    /// <param name="requestTimeout">How long one REST call may take; the client's default (30 s) when null.</param>
    public static CachedSchemaRegistryClient Create(Uri url, string? basicAuthUserInfo, TimeSpan? requestTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            throw new ArgumentException($"The Schema Registry URL '{url}' is not absolute.", nameof(url));
        }

        var config = new SchemaRegistryConfig
        {
            // The client splits its URL setting on commas (a list of registries); Evostream's setting is one URL.
            Url = url.AbsoluteUri,
        };
        if (basicAuthUserInfo is not null)
        {
            config.BasicAuthCredentialsSource = AuthCredentialsSource.UserInfo;
            config.BasicAuthUserInfo = basicAuthUserInfo;
        }

        if (requestTimeout is { } timeout)
        {
            config.RequestTimeoutMs = (int)timeout.TotalMilliseconds;
        }

        return new CachedSchemaRegistryClient(config);
    }
}

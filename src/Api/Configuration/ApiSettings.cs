namespace Evostream.Api.Configuration;

/// <summary>The Api's own settings (<c>EVOSTREAM_API_*</c>), beside the platform's <c>EvostreamSettings</c>.</summary>
/// <param name="OutcomeWait">How long a mutating route waits for its command's outcome before answering 202.</param>
/// <param name="ProduceTimeout">How long Kafka may take to acknowledge a command before the route answers 503.</param>
/// <param name="MaxBodyBytes">Request bodies above this answer 413 (Evolution caps JSON at 136 MB).</param>
/// <param name="RateLimitPerMinute">Requests per minute per caller and instance; 0 turns the limiter off.</param>
/// <param name="CredentialKeys">EVOSTREAM_CREDENTIALS_KEYS when set: the Api seals a WHATSAPP-BUSINESS access token with them before it goes to Kafka.</param>
/// <param name="ReadModelSchema">The PostgreSQL schema the Projections write the read models into (EVOSTREAM_PROJECTIONS_SCHEMA, shared with them).</param>
public sealed record ApiSettings(
    TimeSpan OutcomeWait,
    TimeSpan ProduceTimeout,
    long MaxBodyBytes,
    int RateLimitPerMinute,
    string ReadModelSchema,
    Evostream.Platform.Credentials.CredentialKeys? CredentialKeys = null);

using System.Threading.RateLimiting;
using Evostream.Api.Configuration;
using Microsoft.AspNetCore.RateLimiting;

namespace Evostream.Api.Errors;

/// <summary>
/// Optional per-caller, per-instance request limit (EVOSTREAM_API_RATE_LIMIT_PER_MINUTE); Evolution has none, which let
/// retry loops flood it (its issue 2445). Refusals are 429 with Retry-After.
/// </summary>
public static class RateLimiting
{
    public static void AddEvolutionRateLimit(this IServiceCollection services, ApiSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.RateLimitPerMinute <= 0)
        {
            return;
        }

        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                // Partitioned by a digest of the key, so the key itself is never kept in memory as a dictionary key.
                var key = context.Request.Headers["apikey"].ToString();
                var partition = Auth.TokenHash.Hex(key) + "|" + (context.GetRouteValue("instanceName") as string ?? "");
                return RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = settings.RateLimitPerMinute,
                    TokensPerPeriod = settings.RateLimitPerMinute,
                    ReplenishmentPeriod = TimeSpan.FromMinutes(1),
                    QueueLimit = 0,
                });
            });
            options.OnRejected = (rejected, ct) =>
            {
                var retry = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
                return new ValueTask(new RetryAfterResult(StatusCodes.Status429TooManyRequests, retry,
                    "Too many requests; slow down and retry after the time in Retry-After.").ExecuteAsync(rejected.HttpContext));
            };
        });
    }

    public static void UseEvolutionRateLimit(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetRequiredService<ApiSettings>().RateLimitPerMinute > 0)
        {
            app.UseRateLimiter();
        }
    }
}

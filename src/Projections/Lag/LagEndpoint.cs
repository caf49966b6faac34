using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Evostream.Projections.Lag;

public static class LagEndpoint
{
    /// <summary><c>GET /projections/lag</c>: per partition, high watermark − stored offset, and the total.</summary>
    public static IEndpointRouteBuilder MapProjections(this IEndpointRouteBuilder app)
    {
        app.MapGet("/projections/lag", async (LagMonitor monitor, CancellationToken ct) =>
        {
            try
            {
                return Results.Ok(await monitor.MeasureAsync(ct));
            }
            catch (Exception e) when (e is Confluent.Kafka.KafkaException or Npgsql.NpgsqlException)
            {
                return Results.Problem(detail: "Lag cannot be measured now: " + e.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        return app;
    }
}

using System.Reflection;
using Evostream.Api.Auth;
using Evostream.Api.Errors;
using Evostream.Api.Reading;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Evostream.Api.QrViewer;

/// <summary>
/// The built-in QR viewer: <c>GET /instance/qr/{name}?apikey=</c> serves a page that polls the instance's current QR
/// and swaps the image when a new one arrives, until the instance is connected.
/// </summary>
public static class QrViewerRoutes
{
    private static readonly Lazy<string> s_page = new(() =>
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Evostream.Api.QrViewer.viewer.html")
            ?? throw new InvalidOperationException("The QR viewer page is not embedded in the Api assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    /// <param name="Transport">What carries the instance (simulator, baileys, cloud-api): the page says so, so a simulated QR is never taken for WhatsApp's.</param>
    public sealed record CurrentQr(string Instance, string State, string? Base64, string? Code, string? PairingCode, int Count, string? Message, DateTimeOffset? UpdatedAt, string? Transport = null);

    public static void MapQrViewer(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/instance/qr/{instanceName}", async Task<Results<ContentHttpResult, JsonHttpResult<EvolutionError>>> (
            string instanceName, Caller caller, InstanceQueries instances, CancellationToken ct) =>
        {
            var (row, error) = await Routes.ReadGuard.InstanceAsync(instances, caller, instanceName, ct);
            return row is null ? error! : TypedResults.Content(s_page.Value, "text/html; charset=utf-8");
        }).RequireApiKey(allowQueryKey: true).WithTags("Instance").ExcludeFromDescription();

        routes.MapGet("/instance/qr/{instanceName}/current", async Task<Results<Ok<CurrentQr>, JsonHttpResult<EvolutionError>>> (
            string instanceName, Caller caller, InstanceQueries instances, HttpContext http, CancellationToken ct) =>
        {
            var (row, error) = await Routes.ReadGuard.InstanceAsync(instances, caller, instanceName, ct);
            if (row is null)
            {
                return error!;
            }

            var qr = await instances.QrAsync(instanceName, ct);
            // The key travels in the query on this page; keep it out of caches and referrers.
            http.Response.Headers.CacheControl = "no-store";
            return TypedResults.Ok(new CurrentQr(instanceName, row.ConnectionStatus, qr?.Base64, qr?.Code, qr?.PairingCode, qr?.Count ?? 0, qr?.Message, qr?.UpdatedAt, row.Transport));
        }).RequireApiKey(allowQueryKey: true).WithTags("Instance");
    }
}

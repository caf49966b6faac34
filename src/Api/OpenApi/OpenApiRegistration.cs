namespace Evostream.Api.OpenApi;

/// <summary>The OpenAPI document (<c>/docs/v1/openapi.json</c>), generated from the routes, and its UI at <c>/docs</c>.</summary>
public static class OpenApiRegistration
{
    public const string DocumentPath = "/docs/v1/openapi.json";

    public static void AddEvostreamOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", options => options.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Evostream (Evolution API compatible)";
            document.Info.Version = Routes.StatusEndpoint.Version;
            document.Info.Description = "Every route takes the `apikey` header: the global AUTHENTICATION_API_KEY, or an instance's token for that instance.";
            return Task.CompletedTask;
        }));

    public static void MapEvostreamOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/docs/{documentName}/openapi.json");
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = "docs";
            options.SwaggerEndpoint(DocumentPath, "Evostream v1");
        });
    }
}

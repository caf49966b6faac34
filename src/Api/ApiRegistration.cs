using Evostream.Api.Endpoints;
using Evostream.Platform.Configuration;
using Evostream.Platform.Hosting;

namespace Evostream.Api;

public static class ApiRegistration
{
    public static WebApplicationBuilder AddEvostreamApi(this WebApplicationBuilder builder)
    {
        var settings = builder.AddEvostreamPlatform(Requirements.ApiKey | Requirements.Database);
        builder.WebHost.UseUrls($"http://0.0.0.0:{settings.ServerPort}");
        builder.Services.AddHostedService<KafkaReadiness>();
        return builder;
    }

    public static WebApplication MapEvostreamApi(this WebApplication app)
    {
        app.MapStatus();
        app.MapEvolutionNotFound();
        return app;
    }
}

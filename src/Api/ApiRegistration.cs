using Evostream.Api.Configuration;
using Evostream.Api.Errors;
using Evostream.Api.OpenApi;
using Evostream.Api.QrViewer;
using Evostream.Api.Reading;
using Evostream.Api.Routes;
using Evostream.Api.Routes.Chat;
using Evostream.Api.Routes.Commands;
using Evostream.Api.Routes.Configuration;
using Evostream.Api.Routes.Group;
using Evostream.Api.Routes.Instance;
using Evostream.Api.Routes.Message;
using Evostream.Api.Routes.Meta;
using Evostream.Api.Routes.Template;
using Evostream.Api.Streaming;
using Evostream.Api.Writing;
using Evostream.Delivery.Configuration;
using Evostream.Delivery.Signing;
using Evostream.Platform.Configuration;
using Evostream.Platform.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Evostream.Api;

public static class ApiRegistration
{
    public static WebApplicationBuilder AddEvostreamApi(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var settings = builder.AddEvostreamPlatform(Requirements.ApiKey | Requirements.Database);
        var api = new ApiSettingsReader(name => builder.Configuration[name]).Read(settings.Mode);
        builder.WebHost.UseUrls($"http://0.0.0.0:{settings.ServerPort}");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = api.MaxBodyBytes);
        builder.Services.AddHostedService<KafkaReadiness>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(api);
        builder.Services.AddSingleton<ReadModelDb>();
        builder.Services.AddSingleton<InstanceQueries>();
        builder.Services.AddSingleton<OutcomeQueries>();
        builder.Services.AddSingleton<MessageQueries>();
        builder.Services.AddSingleton<ChatQueries>();
        builder.Services.AddSingleton<GroupQueries>();
        builder.Services.AddSingleton<ConfigQueries>();
        var delivery = new DeliverySettingsReader(name => builder.Configuration[name]).Read(settings.Mode);
        builder.Services.TryAddSingleton(delivery);
        builder.Services.TryAddSingleton(new WebhookSigner(delivery.Secrets, delivery.SigningKeys));
        builder.Services.AddSingleton<DeliveryQueries>();
        builder.Services.AddSingleton<CommandProducer>();
        builder.Services.AddSingleton<OutcomeWaiter>();
        builder.Services.AddSingleton<WritePath>();
        builder.Services.AddSingleton<SendAnswers>();
        builder.Services.AddEvolutionRateLimit(api);
        builder.Services.AddEvostreamStreams();
        builder.Services.AddEvostreamOpenApi();
        return builder;
    }

    public static WebApplication MapEvostreamApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseEvolutionErrors();
        app.UseEvolutionRateLimit();
        app.UseEvostreamStreams();
        app.MapEvostreamOpenApi();
        app.MapStatus();
        app.MapInstanceRoutes();
        app.MapMessageRoutes();
        app.MapTemplateRoutes();
        app.MapChatRoutes();
        app.MapGroupRoutes();
        app.MapConfigurationRoutes();
        app.MapMetaWebhookRoutes();
        app.MapWebhookDeliveryRoutes();
        app.MapCommandRoutes();
        app.MapQrViewer();
        app.MapEvostreamStreams();
        app.MapEvolutionNotFound();
        return app;
    }
}

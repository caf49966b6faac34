using Evostream.Platform.Configuration;
using Evostream.Platform.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Evostream.Projections;

public static class ProjectionsRegistration
{
    public static IHostApplicationBuilder AddProjections(this IHostApplicationBuilder builder)
    {
        builder.AddEvostreamPlatform(Requirements.Database);
        builder.Services.AddHostedService<KafkaReadiness>();
        return builder;
    }
}

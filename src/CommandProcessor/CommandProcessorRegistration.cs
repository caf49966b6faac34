using Evostream.Platform.Configuration;
using Evostream.Platform.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Evostream.CommandProcessor;

public static class CommandProcessorRegistration
{
    public static IHostApplicationBuilder AddCommandProcessor(this IHostApplicationBuilder builder)
    {
        builder.AddEvostreamPlatform(Requirements.None);
        builder.Services.AddHostedService<KafkaReadiness>();
        return builder;
    }
}

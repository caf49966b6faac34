using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Evostream.Contracts.WireFormat;
using Evostream.Platform.Configuration;
using Evostream.Platform.Hosting;
using Evostream.Projections.Hosting;
using Evostream.Projections.Lag;
using Evostream.Projections.Migrations;
using Evostream.Projections.Reading;
using Evostream.Projections.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Evostream.Projections;

public static class ProjectionsRegistration
{
    public static IHostApplicationBuilder AddProjections(this IHostApplicationBuilder builder)
    {
        builder.AddEvostreamPlatform(Requirements.Database);
        builder.Services.AddHostedService<KafkaReadiness>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new ProjectionsSettingsReader(name => builder.Configuration[name]).Read());
        builder.Services.AddSingleton(sp => new InputTopics(sp.GetRequiredService<EvostreamSettings>().Kafka));
        builder.Services.AddSingleton(sp => new ProjectionStore(
            ProjectionStore.CreateDataSource(sp.GetRequiredService<EvostreamSettings>().DatabaseConnectionString!, sp.GetRequiredService<ProjectionsSettings>().Schema),
            sp.GetRequiredService<ProjectionsSettings>().Schema));
        builder.Services.AddSingleton(_ => new EventRecordReader(new ProtobufWireDeserializer<EventEnvelope>()));
        builder.Services.AddSingleton<RecordBatch>();
        builder.Services.AddSingleton<Migrator>();
        builder.Services.AddSingleton<Projector>();
        builder.Services.AddSingleton<LagMonitor>();
        builder.Services.AddHostedService<ProjectionsService>();
        return builder;
    }
}

using Evostream.Connector.Configuration;
using Evostream.Platform.Credentials;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Evostream.Contracts.WireFormat;
using Evostream.Delivery.Configuration;
using Evostream.Delivery.Hosting;
using Evostream.Delivery.Http;
using Evostream.Delivery.Payload;
using Evostream.Delivery.Queues;
using Evostream.Delivery.Routing;
using Evostream.Delivery.Signing;
using Evostream.Delivery.Storage;
using Evostream.Platform.Configuration;
using Evostream.Platform.Hosting;
using Evostream.Platform.Kafka;
using Evostream.Projections.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Evostream.Delivery;

public static class DeliveryRegistration
{
    public static IHostApplicationBuilder AddDelivery(this IHostApplicationBuilder builder)
    {
        var settings = builder.AddEvostreamPlatform(Requirements.Database);
        var delivery = new DeliverySettingsReader(name => builder.Configuration[name]).Read(settings.Mode);
        // Header values and secrets were sealed by the connector under EVOSTREAM_CREDENTIALS_KEYS; the same keys open them.
        var keys = new ConnectorSettingsReader(name => builder.Configuration[name]).Read(settings.Mode).Keys;
        builder.Services.AddHostedService<KafkaReadiness>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<Migrator>();
        builder.Services.RemoveAll<DeliverySettings>();
        builder.Services.AddSingleton(delivery);
        builder.Services.TryAddSingleton(new WebhookSigner(delivery.Secrets, delivery.SigningKeys));
        builder.Services.AddSingleton(sp => Dependencies(sp, delivery, keys));
        builder.Services.AddHostedService<DeliveryService>();
        return builder;
    }

    private static DeliveryDependencies Dependencies(IServiceProvider sp, DeliverySettings delivery, CredentialKeys keys)
    {
        var settings = sp.GetRequiredService<EvostreamSettings>();
        var configs = sp.GetRequiredService<KafkaClientConfigs>();
        var records = new StageRecords(settings);
        var time = sp.GetRequiredService<TimeProvider>();
        var http = SafeHttp.Create(delivery.AllowPrivate, Timeout.InfiniteTimeSpan);
        var log = new DeliveryLog(
            DeliveryLog.CreateDataSource(settings.DatabaseConnectionString!, delivery.Schema),
            delivery.Schema,
            delivery.Retention,
            sp.GetRequiredService<Migrator>(),
            time,
            sp.GetRequiredService<ILogger<DeliveryLog>>());
        return new DeliveryDependencies(
            delivery,
            new StageTopics(settings.Kafka.TopicPrefix),
            new EventRecordReader(new ProtobufWireDeserializer<EventEnvelope>(records.Registry)),
            new WebhookRouter(delivery.Global),
            new WebhookSender(http, new CredentialsCipher(keys), sp.GetRequiredService<WebhookSigner>(), new MediaInliner(http, delivery.Base64MaxBytes), delivery.RequestTimeout, time),
            configs,
            log,
            settings.ServerUrl.ToString().TrimEnd('/'),
            time);
    }
}

using Evostream.Contracts.Evolution;
using Evostream.Delivery.Configuration;
using Evostream.Delivery.Queues;
using Evostream.Delivery.Routing;
using Evostream.Delivery.Storage;
using Evostream.Platform.Kafka;

namespace Evostream.Delivery.Hosting;

/// <summary>What the delivery task works with, built once by the registration.</summary>
public sealed record DeliveryDependencies(
    DeliverySettings Settings,
    StageTopics Topics,
    EventRecordReader Reader,
    WebhookRouter Router,
    WebhookSender Sender,
    KafkaClientConfigs Configs,
    DeliveryLog Log,
    string ServerUrl,
    TimeProvider Time);

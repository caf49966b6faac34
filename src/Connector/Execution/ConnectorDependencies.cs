using Evostream.Connector.Configuration;
using Evostream.Platform.Credentials;
using Evostream.Connector.Drivers;
using Evostream.Connector.Events;
using Evostream.Contracts.Commands;
using Evostream.Platform.Kafka;
using Evostream.Platform.Kafka.Topics;

namespace Evostream.Connector.Execution;

/// <summary>What the connector task works with; one object so the task's constructor stays readable.</summary>
public sealed record ConnectorDependencies(
    DriverSet Drivers,
    CommandRecordReader Reader,
    EventWriter Events,
    CredentialsCipher Cipher,
    KafkaClientConfigs Configs,
    StageTopics Topics,
    TopicProvisioner Provisioner,
    ConnectorSettings Settings,
    TimeProvider Time);

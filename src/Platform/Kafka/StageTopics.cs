namespace Evostream.Platform.Kafka;

/// <summary>
/// The names of Evostream's own topics (topics/catalog.yaml, kinds commands, state and dead-letter) for one
/// topic prefix. Commands and state topics share one partition count and are keyed by instance, so state for the
/// commands of partition p is always found in partition p.
/// </summary>
public sealed record StageTopics(string Prefix)
{
    public string Commands => Own("commands");

    /// <summary>Commands moved to their instance's home partition, when they arrived on another (Evostream's internal topic).</summary>
    public string RepartitionedCommands => Own("commands.repartition");

    public string AcceptedCommands => Own("commands.accepted");

    public string RejectedCommands => Own("commands.rejected");

    public string CommandLedger => Own("command-ledger");

    public string Sessions => Own("sessions");

    public string InstanceState => Own("instance-state");

    public string Schedules => Own("schedules");

    public string ProcessorState => Own("processor-state");

    public string DeadLetter => Own("dead-letter");

    /// <summary>Every event of every instance in one topic, keyed by instance: see <see cref="Contracts.Evolution.EvolutionTopics.Feed"/>.</summary>
    public string EventFeed => Contracts.Evolution.EvolutionTopics.Feed(Prefix);

    /// <summary>Webhook deliveries in retry or parked, per feed partition.</summary>
    public string WebhookRetries => Own("webhook-retries");

    /// <summary>POST /webhook/redeliver requests, keyed by instance.</summary>
    public string WebhookRedeliver => Own("webhook-redeliver");

    /// <summary>Webhook deliveries that exhausted their retries.</summary>
    public string WebhookDeadLetter => Own("webhook-dead-letter");

    private string Own(string name) => $"evostream.{Prefix}.{name}";
}

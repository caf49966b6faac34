namespace Evostream.CommandProcessor.State;

/// <summary>
/// Keys of the processor-state topic. The kind comes first so one compacted topic holds them all; an instance name
/// cannot hold a newline (Kafka topic characters only), so it separates instance and idempotency key unambiguously.
/// </summary>
internal static class ProcessorStateKeys
{
    public const string ViewPrefix = "view\n";
    public const string IdempotencyPrefix = "idem\n";
    public const string RatePrefix = "rate\n";

    public static string View(string instance) => ViewPrefix + instance;

    public static string Idempotency(string instance, string key) => IdempotencyPrefix + instance + "\n" + key;

    public static string Rate(string instance) => RatePrefix + instance;
}

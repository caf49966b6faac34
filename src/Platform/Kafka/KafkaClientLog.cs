using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Evostream.Platform.Kafka;

/// <summary>librdkafka's log lines and error events, as <see cref="ILogger"/> entries of one category.</summary>
internal static partial class KafkaClientLog
{
    public const string Category = "Evostream.Kafka.Client";

    public static void Log(ILogger logger, LogMessage message)
    {
        var level = Level(message.Level);
        if (logger.IsEnabled(level))
        {
            Line(logger, level, message.Name, message.Facility, message.Message);
        }
    }

    /// <summary>
    /// A fatal error ends the client (a fenced transactional producer, for one); the others (brokers down, timeouts)
    /// are retried by librdkafka and reach callers as failed requests if they last.
    /// </summary>
    public static void Error(ILogger logger, string client, Error error)
    {
        var level = error.IsFatal ? LogLevel.Critical : LogLevel.Warning;
        if (logger.IsEnabled(level))
        {
            Event(logger, level, client, error.Code, error.IsFatal ? " (fatal)" : "", error.Reason);
        }
    }

    private static LogLevel Level(SyslogLevel level) => level switch
    {
        SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
        SyslogLevel.Error => LogLevel.Error,
        SyslogLevel.Warning => LogLevel.Warning,
        SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
        _ => LogLevel.Debug,
    };

    [LoggerMessage(EventId = 1, Message = "{Client} {Facility}: {Text}")]
    private static partial void Line(ILogger logger, LogLevel level, string client, string facility, string text);

    [LoggerMessage(EventId = 2, Message = "{Client} error {Code}{Fatal}: {Reason}")]
    private static partial void Event(ILogger logger, LogLevel level, string client, ErrorCode code, string fatal, string reason);
}

using Microsoft.Extensions.Logging.Console;

namespace Evostream.Cli;

internal static class CliLogging
{
    /// <summary>
    /// Errors, librdkafka's included, on standard error, where they stay apart from a command's own report on
    /// standard output. Not warnings: an unreachable cluster raises dozens of passing client errors in seconds, while
    /// the command itself ends with one clear message. Dispose it before the command ends: the console logger writes
    /// from a queue.
    /// </summary>
    public static ILoggerFactory ToStandardError() =>
        LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Error)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddSimpleConsole(o => o.SingleLine = true));
}

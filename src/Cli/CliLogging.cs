using Microsoft.Extensions.Logging.Console;

namespace Evostream.Cli;

internal static class CliLogging
{
    /// <summary>
    /// Warnings and errors, librdkafka's included, on standard error, where they stay apart from a command's own
    /// report on standard output. Dispose it before the command ends: the console logger writes from a queue.
    /// </summary>
    public static ILoggerFactory ToStandardError() =>
        LoggerFactory.Create(logging => logging
            .SetMinimumLevel(LogLevel.Warning)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddSimpleConsole(o => o.SingleLine = true));
}

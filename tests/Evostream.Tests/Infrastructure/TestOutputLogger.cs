using Microsoft.Extensions.Logging;

namespace Evostream.Tests.Infrastructure;

/// <summary>
/// Writes a host's log to the output of the test that started it, which the test runner prints when the test fails:
/// a whole-stack failure then says what the services saw, not only what the test waited for.
/// </summary>
public sealed class TestOutputLoggerProvider(ITestOutputHelper output, LogLevel minimum) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(output, minimum, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ITestOutputHelper output, LogLevel minimum, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            try
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
            }
            catch (InvalidOperationException)
            {
                // The test has ended; its host is still stopping.
            }
        }
    }
}

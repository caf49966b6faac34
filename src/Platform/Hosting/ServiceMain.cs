using Evostream.Platform.Configuration;

namespace Evostream.Platform.Hosting;

/// <summary>Entry-point wrapper: a bad configuration ends start-up with its message and exit code 2, not a stack trace.</summary>
public static class ServiceMain
{
    public const int ConfigurationExitCode = 2;

    public static async Task<int> RunAsync(Func<Task> run)
    {
        try
        {
            await run();
            // A hosted service that finds the deployment unusable after start (missing topics) stops the host and sets it.
            return Environment.ExitCode;
        }
        catch (ConfigurationException e)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return ConfigurationExitCode;
        }
    }
}

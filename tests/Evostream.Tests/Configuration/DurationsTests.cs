using Evostream.CommandProcessor.Configuration;
using Evostream.Platform.Configuration;
using Evostream.Platform.Kafka.Topics;

namespace Evostream.Tests.Configuration;

public class DurationsTests
{
    [Theory]
    [InlineData("0", 0L)]
    [InlineData("0s", 0L)]
    [InlineData("500ms", 500L)]
    [InlineData("20s", 20_000L)]
    [InlineData("5m", 300_000L)]
    [InlineData("24h", 86_400_000L)]
    [InlineData("30d", 2_592_000_000L)]
    [InlineData("7", null)]
    [InlineData("d", null)]
    [InlineData("-1d", null)]
    [InlineData("1.5h", null)]
    [InlineData("20 s", null)]
    [InlineData("20S", null)]
    [InlineData("99999999999999999999d", null)]   // more than a long: refused, not wrapped
    [InlineData("106751991168d", null)]           // one day more than a long of milliseconds holds
    public void A_duration_is_a_whole_number_and_a_unit(string text, long? millis) => Assert.Equal(millis, Durations.ParseMillis(text));

    [Fact]
    public void Settings_and_the_topic_catalog_read_durations_alike()
    {
        foreach (var text in new[] { "500ms", "20s", "5m", "24h", "30d", "7", "1.5h", "-1d" })
        {
            var env = new Dictionary<string, string> { ["EVOSTREAM_RATE_MAX_DELAY"] = text };
            TimeSpan? setting;
            try
            {
                setting = new CommandProcessorSettingsReader(n => env.GetValueOrDefault(n), "r").Read().MaxRateDelay;
            }
            catch (ConfigurationException)
            {
                setting = null;
            }

            Assert.Equal(TopicRetention.ParseMillis(text), setting is { } s ? (long?)s.TotalMilliseconds : null);
        }
    }

    [Fact]
    public void A_duration_beyond_what_a_setting_takes_is_an_error_naming_it_not_a_crash()
    {
        // TimeSpan.FromDays(99999999) throws; the old parser got there and stopped start-up with an exception.
        var env = new Dictionary<string, string> { ["EVOSTREAM_SCHEDULE_MAX_AHEAD"] = "99999999d", ["EVOSTREAM_RECIPIENT_SPACING"] = "3651d" };
        var error = Assert.Throws<ConfigurationException>(() => new CommandProcessorSettingsReader(n => env.GetValueOrDefault(n), "r").Read());

        Assert.Equal(
            [
                "EVOSTREAM_RECIPIENT_SPACING='3651d' must be a duration such as 500ms, 20s, 5m, 24h or 30d (at most 3650d).",
                "EVOSTREAM_SCHEDULE_MAX_AHEAD='99999999d' must be a positive duration such as 500ms, 20s, 5m, 24h or 30d (at most 3650d).",
            ],
            error.Errors);
    }
}

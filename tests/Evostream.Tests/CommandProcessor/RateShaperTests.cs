using Evostream.CommandProcessor.Configuration;
using Evostream.CommandProcessor.Scheduling;
using Evostream.CommandProcessor.State;
using Evostream.Contracts.V1;
using Google.Protobuf.WellKnownTypes;

namespace Evostream.Tests.CommandProcessor;

public class RateShaperTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static CommandEnvelope Send(string number = "5511999999999", SendOptions? options = null) =>
        new() { Instance = "shop", IssuedAt = Timestamp.FromDateTimeOffset(s_t0), SendText = new SendText { Number = number, Text = "hi", Options = options } };

    private static List<Timing> Run(RateLimits limits, int count, Func<int, CommandEnvelope>? command = null, TimeSpan? maxDelay = null)
    {
        var settings = CommandProcessorSettings.Defaults with { DefaultRates = limits, MaxRateDelay = maxDelay ?? TimeSpan.FromDays(2) };
        var state = RateState.Empty();
        var result = new List<Timing>();
        for (var i = 0; i < count; i++)
        {
            var timing = SendTiming.Plan(command?.Invoke(i) ?? Send(), state, limits, settings, s_t0);
            state = timing.Reserved ?? state;
            result.Add(timing);
        }

        return result;
    }

    [Fact]
    public void Drip_mode_spaces_sends_by_a_minute_divided_by_the_rate()
    {
        var timings = Run(new RateLimits(3, 0, TimeSpan.Zero), 4);

        Assert.Equal([null, s_t0.AddSeconds(20), s_t0.AddSeconds(40), s_t0.AddSeconds(60)], timings.Select(t => t.NotBefore));
        Assert.Equal("drip", timings[1].Reason);
    }

    [Fact]
    public void The_warm_up_cap_moves_sends_past_the_rolling_day()
    {
        var timings = Run(new RateLimits(0, 2, TimeSpan.Zero), 3);

        Assert.Equal([null, null, s_t0.AddDays(1)], timings.Select(t => t.NotBefore));
        Assert.Equal("warm-up", timings[2].Reason);
    }

    [Fact]
    public void Recipient_spacing_delays_a_second_send_to_the_same_recipient_and_later_sends_keep_their_order()
    {
        var timings = Run(new RateLimits(0, 0, TimeSpan.FromSeconds(30)), 3, i => Send(i == 2 ? "5511888888888" : "5511999999999"));

        Assert.Equal([null, s_t0.AddSeconds(30), s_t0.AddSeconds(30)], timings.Select(t => t.NotBefore));
        Assert.Equal(["recipient-spacing", "rate"], timings.Skip(1).Select(t => t.Reason));
    }

    [Fact]
    public void A_send_shaping_would_hold_past_the_maximum_delay_is_rejected_with_429_and_the_reason()
    {
        var timings = Run(new RateLimits(1, 0, TimeSpan.Zero), 3, maxDelay: TimeSpan.FromSeconds(90));

        var rejection = timings[2].Rejection;
        Assert.NotNull(rejection);
        Assert.Equal(429, rejection.HttpStatus);
        Assert.Equal("the instance's rate limits (1/min) would hold this send until 2026-01-01T12:02:00.0000000+00:00 (drip), longer than the maximum delay of 1.5s".Replace("1.5s", "90s", StringComparison.Ordinal), rejection.Reason);
    }

    [Fact]
    public void Delay_and_sendAt_set_their_own_time_and_are_not_shaped()
    {
        var limits = new RateLimits(1, 0, TimeSpan.Zero);
        var timings = Run(limits, 3, i => i switch
        {
            0 => Send(),
            1 => Send(options: new SendOptions { DelayMs = 1500 }),
            _ => Send(options: new SendOptions { SendAt = Timestamp.FromDateTimeOffset(s_t0.AddHours(2)) }),
        });

        Assert.Equal((s_t0.AddMilliseconds(1500), "delay"), (timings[1].NotBefore, timings[1].Reason));
        Assert.Equal((s_t0.AddHours(2), "send-at"), (timings[2].NotBefore, timings[2].Reason));
        Assert.Null(timings[1].Reserved);
    }

    [Fact]
    public void A_sendAt_further_ahead_than_allowed_is_rejected_with_429()
    {
        var far = Run(RateLimits.None, 1, _ => Send(options: new SendOptions { SendAt = Timestamp.FromDateTimeOffset(s_t0.AddDays(31)) }))[0];

        Assert.Equal(("sendAt", 429), (far.Rejection!.Field, far.Rejection.HttpStatus));
        Assert.Equal("asks for 2026-02-01T12:00:00.0000000+00:00, 31d ahead; sends may be scheduled at most 30d ahead", far.Rejection.Reason);
    }

    [Fact]
    public void Settings_read_global_and_per_instance_limits_and_name_every_bad_variable()
    {
        var env = new Dictionary<string, string>
        {
            ["EVOSTREAM_RATE_PER_MINUTE"] = "60",
            ["EVOSTREAM_INSTANCE_RATES"] = "shop:perMinute=3,perDay=250,recipientSpacing=20s",
            ["EVOSTREAM_IDEMPOTENCY_WINDOW"] = "2h",
        };
        var settings = new CommandProcessorSettingsReader(n => env.GetValueOrDefault(n), "r1").Read();

        Assert.Equal(new RateLimits(3, 250, TimeSpan.FromSeconds(20)), settings.RatesFor("shop"));
        Assert.Equal(new RateLimits(60, 0, TimeSpan.Zero), settings.RatesFor("other"));
        Assert.Equal(TimeSpan.FromHours(2), settings.IdempotencyWindow);
        Assert.Equal("evostream-shop-command-processor-r1", settings.TransactionalId("shop"));

        var bad = new Dictionary<string, string> { ["EVOSTREAM_RATE_PER_DAY"] = "-1", ["EVOSTREAM_INSTANCE_RATES"] = "shop:speed=3" };
        var error = Assert.Throws<Evostream.Platform.Configuration.ConfigurationException>(() => new CommandProcessorSettingsReader(n => bad.GetValueOrDefault(n), "r1").Read());
        Assert.Equal(2, error.Errors.Count);
        Assert.Contains(error.Errors, e => e.StartsWith("EVOSTREAM_RATE_PER_DAY='-1'", StringComparison.Ordinal));
    }
}

using Evostream.CommandProcessor.Configuration;
using Evostream.CommandProcessor.Shaping;
using Evostream.CommandProcessor.State;
using Evostream.CommandProcessor.Validation;
using Evostream.Contracts.Commands;
using Evostream.Contracts.V1;

namespace Evostream.CommandProcessor.Scheduling;

/// <summary>When a send may run: now, at a later time (and why), or never (past the maximum delay).</summary>
internal readonly record struct Timing(DateTimeOffset? NotBefore, string? Reason, RateState? Reserved, Rejection? Rejection);

/// <summary>
/// Decides when a send runs. A send with a time of its own (Evolution's <c>delay</c>, counted from when it was issued,
/// or <c>sendAt</c>) runs at that time and is not rate-shaped: its sender chose the moment. Every other send is shaped
/// by the instance's rate limits, in order.
/// </summary>
internal static class SendTiming
{
    public static Timing Plan(CommandEnvelope command, RateState rates, RateLimits limits, CommandProcessorSettings settings, DateTimeOffset now)
    {
        var options = OptionsOf(command);
        DateTimeOffset? due = null;
        string? reason = null;
        var field = "";
        if (options?.DelayMs is > 0 && command.IssuedAt is { } issued)
        {
            (due, reason, field) = (issued.ToDateTimeOffset() + TimeSpan.FromMilliseconds(options.DelayMs), "delay", "delay");
        }

        if (options?.SendAt is { } sendAt && (due is null || sendAt.ToDateTimeOffset() > due))
        {
            (due, reason, field) = (sendAt.ToDateTimeOffset(), "send-at", "sendAt");
        }

        if (due is { } at && at > now)
        {
            return at - now > settings.MaxScheduleAhead
                ? new Timing(null, null, null, new Rejection(field, $"asks for {at:O}, {Describe(at - now)} ahead; sends may be scheduled at most {Describe(settings.MaxScheduleAhead)} ahead", Rejection.TooManyRequests))
                : new Timing(at, reason, null, null);
        }

        var recipient = CommandRecipient.Of(command);
        var slot = RateShaper.Plan(rates, limits, recipient, now);
        if (slot.At - now > settings.MaxRateDelay)
        {
            return new Timing(null, null, null, new Rejection("", $"the instance's rate limits ({Describe(limits)}) would hold this send until {slot.At:O} ({slot.Reason}), longer than the maximum delay of {Describe(settings.MaxRateDelay)}", Rejection.TooManyRequests));
        }

        var reserved = RateShaper.Reserve(rates, limits, recipient, slot.At, now);
        return slot.At > now ? new Timing(slot.At, slot.Reason, reserved, null) : new Timing(null, null, reserved, null);
    }

    public static bool IsSend(CommandEnvelope command) => (int)command.CommandCase is >= 30 and <= 59;

    private static SendOptions? OptionsOf(CommandEnvelope command) => command.CommandCase switch
    {
        CommandEnvelope.CommandOneofCase.SendText => command.SendText.Options,
        CommandEnvelope.CommandOneofCase.SendMedia => command.SendMedia.Options,
        CommandEnvelope.CommandOneofCase.SendWhatsappAudio => command.SendWhatsappAudio.Options,
        CommandEnvelope.CommandOneofCase.SendSticker => command.SendSticker.Options,
        CommandEnvelope.CommandOneofCase.SendLocation => command.SendLocation.Options,
        CommandEnvelope.CommandOneofCase.SendContact => command.SendContact.Options,
        CommandEnvelope.CommandOneofCase.SendPoll => command.SendPoll.Options,
        CommandEnvelope.CommandOneofCase.SendList => command.SendList.Options,
        CommandEnvelope.CommandOneofCase.SendButtons => command.SendButtons.Options,
        CommandEnvelope.CommandOneofCase.SendTemplate => command.SendTemplate.Options,
        _ => null,
    };

    private static string Describe(RateLimits limits)
    {
        var parts = new List<string>();
        if (limits.PerMinute > 0)
        {
            parts.Add($"{limits.PerMinute}/min");
        }

        if (limits.PerDay > 0)
        {
            parts.Add($"{limits.PerDay}/day");
        }

        if (limits.RecipientSpacing > TimeSpan.Zero)
        {
            parts.Add($"{Describe(limits.RecipientSpacing)} per recipient");
        }

        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }

    private static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 && span.Ticks % TimeSpan.TicksPerDay == 0 ? $"{span.TotalDays:0}d"
        : span.TotalHours >= 1 && span.Ticks % TimeSpan.TicksPerHour == 0 ? $"{span.TotalHours:0}h"
        : span.TotalMinutes >= 1 && span.Ticks % TimeSpan.TicksPerMinute == 0 ? $"{span.TotalMinutes:0}m"
        : $"{span.TotalSeconds:0.###}s";
}

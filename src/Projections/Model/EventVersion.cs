using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace Evostream.Projections.Model;

/// <summary>
/// The order of events for last-writer-wins rows: event time in microseconds (20 digits, so text order is time
/// order) then the event id to break ties. Events of one instance travel on several topics, so this, not the order
/// records are read in, decides which event a row reflects.
/// </summary>
public static class EventVersion
{
    public static string Of(Timestamp? occurredAt, string eventId)
    {
        var micros = occurredAt is null ? 0 : Math.Max(0, (occurredAt.Seconds * 1_000_000) + (occurredAt.Nanos / 1_000));
        return micros.ToString("D20", CultureInfo.InvariantCulture) + ":" + eventId;
    }

    public static bool Newer(string candidate, string? current) => current is null || string.CompareOrdinal(candidate, current) > 0;
}

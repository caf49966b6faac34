namespace Evostream.Projections.Model;

/// <summary>Message statuses in the order they may progress; a status only ever replaces a lower-ranked one.</summary>
public static class MessageStatuses
{
    public static short Rank(string status) => status switch
    {
        "PENDING" => 1,
        "SERVER_ACK" => 2,
        "DELIVERY_ACK" => 3,
        "READ" => 4,
        "PLAYED" => 5,
        "ERROR" => 6,
        "DELETED" => 7,
        _ => 0,
    };
}

namespace Evostream.Connector.Drivers;

/// <summary>A driver's answer to "did the message with this id go out?" after a crash.</summary>
public enum SendCheck
{
    /// <summary>It did; record it as sent, do not send again.</summary>
    Sent,

    /// <summary>It did not; sending it now is the first and only send.</summary>
    NotSent,

    /// <summary>The transport cannot tell: the connector reports command.outcome-unknown and never resends.</summary>
    Unknown,
}

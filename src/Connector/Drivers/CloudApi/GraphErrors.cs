namespace Evostream.Connector.Drivers.CloudApi;

/// <summary>Graph error codes in words a user can act on, with the status the REST facade answers.</summary>
public static class GraphErrors
{
    public static DriverResult.Failed ToFailure(GraphAnswer.Error error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var detail = error.Details is { Length: > 0 } d ? d : error.Message;
        var (status, reason) = error.Code switch
        {
            131047 => (400, "outside the 24-hour customer service window: the contact has not written in the last 24 hours, so only templates may be sent"),
            131026 => (400, "undeliverable: the number is not on WhatsApp, has not accepted the terms, or cannot receive this message"),
            130429 => (429, "the Cloud API throughput of this phone number was reached; slow down"),
            131056 => (429, "pair rate limit: too many messages to the same contact from this number in a short time; wait before sending again"),
            190 => (401, "the access token has expired or is invalid; create the instance again with a valid token"),
            100 => (400, "invalid parameter"),
            _ => (error.HttpStatus is >= 400 and < 600 ? error.HttpStatus : 502, "the Graph API refused the request"),
        };
        return new DriverResult.Failed($"{reason} (Graph error {error.Code}: {detail})", HttpStatus: status);
    }
}

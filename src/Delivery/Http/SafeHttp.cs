using System.Net;
using System.Net.Sockets;

namespace Evostream.Delivery.Http;

/// <summary>Thrown when the address a host name resolves to may not be reached; a failed attempt like any other.</summary>
public sealed class RefusedAddressException(string message) : IOException(message);

/// <summary>
/// The one HTTP client for webhooks and base64 media downloads. The address rule is applied to the address actually
/// connected to (in the connect callback, after DNS), so a name that resolves to a public address when the webhook
/// is set and to a private one later (DNS rebinding) is still refused. Redirects are not followed: a receiver that
/// answers 3xx has not taken the event.
/// </summary>
public static class SafeHttp
{
    public static HttpClient Create(bool allowPrivate, TimeSpan timeout) => new(Handler(allowPrivate), disposeHandler: true)
    {
        Timeout = timeout,
    };

    public static SocketsHttpHandler Handler(bool allowPrivate) => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        UseProxy = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, allowPrivate, ct),
    };

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowPrivate, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endpoint.Host, ct);
        string? refusal = null;
        Exception? last = null;
        foreach (var address in addresses)
        {
            if (!allowPrivate && AddressRule.Refuses(address) is { } why)
            {
                refusal ??= $"{endpoint.Host} resolves to {why} ({address}), which webhooks may not reach (EVOSTREAM_WEBHOOK_ALLOW_PRIVATE=false)";
                continue;
            }

            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, endpoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
        }

        if (last is not null)
        {
            throw last;
        }

        throw new RefusedAddressException(refusal ?? $"{endpoint.Host} resolves to no address");
    }
}

using System.Net;
using System.Net.Sockets;

namespace Evostream.Delivery.Http;

/// <summary>
/// Which addresses a webhook or a media download may reach: in production, not loopback, link-local, private,
/// carrier-grade NAT, unspecified or multicast ones (server-side request forgery would reach the cluster's own
/// services), unless EVOSTREAM_WEBHOOK_ALLOW_PRIVATE=true.
/// </summary>
public static class AddressRule
{
    /// <summary>Why <paramref name="address"/> is refused, or null when it may be reached.</summary>
    public static string? Refuses(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return "a loopback address";
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] switch
            {
                0 => "an unspecified address",
                10 => "a private address",
                100 when b[1] is >= 64 and < 128 => "a carrier-grade NAT address",
                169 when b[1] == 254 => "a link-local address",
                172 when b[1] is >= 16 and < 32 => "a private address",
                192 when b[1] == 168 => "a private address",
                >= 224 => "a multicast or reserved address",
                _ => null,
            };
        }

        if (address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return "an unspecified address";
        }

        var first = address.GetAddressBytes()[0];
        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal ? "a link-local address"
            : (first & 0xFE) == 0xFC ? "a private address"
            : address.IsIPv6Multicast ? "a multicast address"
            : null;
    }
}

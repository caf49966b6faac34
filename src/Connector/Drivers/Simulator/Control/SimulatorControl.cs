using Evostream.Connector.Drivers.Simulator.Network;
using Evostream.Contracts.V1;

namespace Evostream.Connector.Drivers.Simulator.Control;

/// <summary>
/// The other side of the simulated network: phones that scan QR codes or type pairing codes, contacts that write,
/// react, read and call, and WhatsApp itself dropping connections or banning numbers. Every input is checked and a
/// bad one answers an error naming it.
/// </summary>
public sealed class SimulatorControl(SimulatorNetwork network)
{
    private static readonly HashSet<string> s_mediaTypes = new(StringComparer.Ordinal) { "image", "video", "audio", "document" };
    private static readonly HashSet<string> s_presences = new(StringComparer.Ordinal) { "available", "unavailable", "composing", "recording", "paused" };

    public IReadOnlyList<SimulatorInstanceStatus> Status() => network.Status();

    /// <summary>The phone of <paramref name="number"/> scans the QR code whose text is <paramref name="code"/>.</summary>
    public ControlResult ScanQr(string? code, string? number)
    {
        if (string.IsNullOrWhiteSpace(code) || !code.StartsWith("2@", StringComparison.Ordinal))
        {
            return ControlResult.BadInput("code must be the QR text (starting with 2@) from qrcode.updated or `simulator status`.");
        }

        return Number(number, "number", out var phone) ?? Linked(network.ScanQr(code.Trim(), phone!));
    }

    public ControlResult EnterPairingCode(string? code)
    {
        if (string.IsNullOrWhiteSpace(code) || Linking.PairingCode.Normalize(code).Length != Linking.PairingCode.Length)
        {
            return ControlResult.BadInput("code must be the 8-character pairing code (ABCD-EFGH or ABCDEFGH).");
        }

        return Linked(network.EnterPairingCode(code));
    }

    /// <summary>A contact writes to a linked number or into a group.</summary>
    public ControlResult SendText(string? from, string? to, string? text, string? pushName = null)
    {
        if (string.IsNullOrEmpty(text))
        {
            return ControlResult.BadInput("text is empty: say what the contact writes.");
        }

        return Send(from, to, new WaMessage { Conversation = text }, pushName);
    }

    public ControlResult SendMedia(string? from, string? to, string? mediatype, string? url, string? caption, string? mimetype = null, string? pushName = null)
    {
        if (mediatype is null || !s_mediaTypes.Contains(mediatype))
        {
            return ControlResult.BadInput($"mediatype '{mediatype}' must be one of {string.Join(", ", s_mediaTypes)}.");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out _))
        {
            return ControlResult.BadInput($"url '{url}' must be an absolute URL of the media.");
        }

        var media = new MediaMessage { Url = url!, Mimetype = mimetype ?? mediatype switch { "image" => "image/jpeg", "video" => "video/mp4", "audio" => "audio/ogg; codecs=opus", _ => "application/pdf" } };
        if (!string.IsNullOrEmpty(caption))
        {
            media.Caption = caption;
        }

        var message = mediatype switch
        {
            "image" => new WaMessage { ImageMessage = media },
            "video" => new WaMessage { VideoMessage = media },
            "audio" => new WaMessage { AudioMessage = media },
            _ => new WaMessage { DocumentMessage = media },
        };
        return Send(from, to, message, pushName);
    }

    /// <summary>A contact reacts to a message of the chat (one the instance sent them, or their own).</summary>
    public ControlResult React(string? from, string? to, string? messageId, string? emoji, bool fromInstance = true)
    {
        if (string.IsNullOrWhiteSpace(messageId))
        {
            return ControlResult.BadInput("messageId is empty: name the message reacted to.");
        }

        if (Number(to, "to", out var instanceNumber) is { } bad)
        {
            return bad;
        }

        var reaction = new ReactionMessage
        {
            Key = new MessageKey { RemoteJid = Jids.User(instanceNumber!), FromMe = fromInstance, Id = messageId.Trim() },
            Text = emoji ?? "",
            SenderTimestampMs = (ulong)network.Time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        return Send(from, to, new WaMessage { ReactionMessage = reaction }, null);
    }

    public ControlResult Read(string? reader, string? messageId)
    {
        if (Number(reader, "from", out var number) is { } bad)
        {
            return bad;
        }

        if (string.IsNullOrWhiteSpace(messageId))
        {
            return ControlResult.BadInput("messageId is empty: name the message the contact reads.");
        }

        return network.ContactReads(number!, messageId.Trim())
            ? ControlResult.Success()
            : ControlResult.NotFound($"no unread message {messageId} sent to a contact is known.");
    }

    public ControlResult Presence(string? from, string? to, string? presence)
    {
        if (presence is null || !s_presences.Contains(presence))
        {
            return ControlResult.BadInput($"presence '{presence}' must be one of {string.Join(", ", s_presences)}.");
        }

        if (Pair(from, to, out var a, out var b) is { } bad)
        {
            return bad;
        }

        network.ContactPresence(a!, b!, presence);
        return ControlResult.Success();
    }

    /// <summary>A contact adds the linked number to a group: a new one named <paramref name="subject"/>, or <paramref name="groupJid"/>.</summary>
    public ControlResult AddToGroup(string? owner, string? member, string? subject, string? groupJid)
    {
        if (Pair(owner, member, out var o, out var m) is { } bad)
        {
            return bad;
        }

        if (groupJid is not null && !network.GroupExists(groupJid))
        {
            return ControlResult.NotFound($"group {groupJid} does not exist; leave groupJid out to create one.");
        }

        return ControlResult.Success(new { groupJid = network.AddToGroup(o!, m!, subject, groupJid) });
    }

    public ControlResult Call(string? from, string? to, bool video)
    {
        if (Pair(from, to, out var a, out var b) is { } bad)
        {
            return bad;
        }

        return ControlResult.Success(new { callId = network.Call(a!, b!, video) });
    }

    /// <summary>WhatsApp drops the number's connection: 401 logged out, 408 timed out, 440 replaced, 515 restart required.</summary>
    public ControlResult Disconnect(string? number, int reason)
    {
        if (Number(number, "number", out var n) is { } bad)
        {
            return bad;
        }

        if (reason is not (SimulatorNetwork.LoggedOut or SimulatorNetwork.TimedOut or SimulatorNetwork.Replaced or SimulatorNetwork.RestartRequired))
        {
            return ControlResult.BadInput($"reason {reason} must be 401 (logged out), 408 (timed out), 440 (replaced) or 515 (restart required).");
        }

        return network.Disconnect(n!, reason) is { } error ? ControlResult.Conflict(error) : ControlResult.Success();
    }

    public ControlResult Ban(string? number)
    {
        if (Number(number, "number", out var n) is { } bad)
        {
            return bad;
        }

        network.Ban(n!);
        return ControlResult.Success();
    }

    /// <summary>Takes a number off WhatsApp, or puts it back.</summary>
    public ControlResult SetOnNetwork(string? number, bool present)
    {
        if (Number(number, "number", out var n) is { } bad)
        {
            return bad;
        }

        network.SetOnNetwork(n!, present);
        return ControlResult.Success();
    }

    private ControlResult Send(string? from, string? to, WaMessage message, string? pushName)
    {
        if (Number(from, "from", out var sender) is { } bad)
        {
            return bad;
        }

        string target;
        if (to is not null && Jids.IsGroup(to.Trim()))
        {
            target = Jids.Group(to);
            if (!network.GroupExists(target))
            {
                return ControlResult.NotFound($"group {target} does not exist.");
            }
        }
        else if (Number(to, "to", out var recipient) is { } badTo)
        {
            return badTo;
        }
        else
        {
            target = Jids.User(recipient!);
        }

        return ControlResult.Success(new { messageId = network.ContactSends(sender!, target, message, pushName) });
    }

    private static ControlResult? Number(string? typed, string field, out string? number)
    {
        number = typed is null ? null : Jids.Number(typed);
        return number is null
            ? ControlResult.BadInput($"{field} {Jids.NotANumber(typed)}")
            : null;
    }

    private static ControlResult? Pair(string? from, string? to, out string? a, out string? b)
    {
        var first = Number(from, "from", out a);
        var second = Number(to, "to", out b);
        return first ?? second;
    }

    private static ControlResult Linked(LinkOutcome outcome) =>
        outcome.Ok ? ControlResult.Success(new { instance = outcome.Instance, number = outcome.Number }) : ControlResult.Conflict(outcome.Error!);
}

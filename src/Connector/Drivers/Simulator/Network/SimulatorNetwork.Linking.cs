using System.Globalization;
using System.Text.Json;
using Evostream.Connector.Drivers.Simulator.Linking;
using Evostream.Contracts.V1;

namespace Evostream.Connector.Drivers.Simulator.Network;

public sealed partial class SimulatorNetwork
{
    public const int LoggedOut = 401;
    public const int Forbidden = 403;
    public const int TimedOut = 408;
    public const int Replaced = 440;
    public const int RestartRequired = 515;
    public const string QrLimitMessage = "QR code limit reached, please login again";

    internal DriverResult Connect(SimulatorSession session, string? pairingNumber)
    {
        lock (_gate)
        {
            if (session.Disposed)
            {
                return new DriverResult.Failed("the session was closed; open a new one.", HttpStatus: 409);
            }

            if (session.Number is not null)
            {
                if (session.State != SessionState.Open)
                {
                    Reconnect(session);
                }

                return new DriverResult.Done([], Detail: Json(new Dictionary<string, object?> { ["state"] = StateName(session) }));
            }

            if (session.Linking is { } linking)
            {
                return new DriverResult.Done([], Detail: QrJson(linking));
            }

            string? number = null;
            if (!string.IsNullOrWhiteSpace(pairingNumber))
            {
                number = Jids.Number(pairingNumber);
                if (number is null)
                {
                    return new DriverResult.Failed("number " + Jids.NotANumber(pairingNumber), "number");
                }
            }

            var code = QrRef.Create(_random);
            session.Linking = new LinkingState
            {
                QrCode = code,
                QrBase64 = QrImage.DataUrl(code),
                Count = 1,
                ExpiresAt = Now + Options.FirstQr,
                PairingNumber = number,
                PairingCode = number is null ? null : PairingCode.Create(_random),
            };
            session.State = SessionState.Connecting;
            session.Generation++;
            var connecting = Event(session, "connection.update", e => e.ConnectionUpdate = new ConnectionUpdate { Instance = session.Instance, State = "connecting" });
            var qr = QrEvent(session, session.Linking);
            ScheduleQrRefresh(session, Options.FirstQr);
            return new DriverResult.Done([connecting, qr], Detail: QrJson(session.Linking));
        }
    }

    private void ScheduleQrRefresh(SimulatorSession session, TimeSpan after) =>
        Later(session, after, () =>
        {
            if (session.Linking is not { } linking)
            {
                return;
            }

            if (linking.Count >= Options.QrCodeLimit)
            {
                // Evolution's end of linking: a last qrcode.updated with the message, then refused, then closed.
                Emit(session, "qrcode.updated", e => e.QrcodeUpdated = new QrCodeUpdated
                {
                    Qrcode = new QrCode { Instance = session.Instance, Code = "", Base64 = "" },
                    Message = QrLimitMessage,
                    StatusCode = 500,
                });
                session.Linking = null;
                session.State = SessionState.Close;
                ConnectionUpdate(session, "refused", TimedOut);
                return;
            }

            linking.QrCode = QrRef.Create(_random);
            linking.QrBase64 = QrImage.DataUrl(linking.QrCode);
            linking.Count++;
            linking.ExpiresAt = Now + Options.NextQr;
            session.Emit(QrEvent(session, linking));
            ScheduleQrRefresh(session, Options.NextQr);
        });

    private EventEnvelope QrEvent(SimulatorSession session, LinkingState linking) =>
        Event(session, "qrcode.updated", e =>
        {
            var qr = new QrCode { Instance = session.Instance, Code = linking.QrCode, Base64 = linking.QrBase64, Count = (uint)linking.Count };
            if (linking.PairingCode is { } pairing)
            {
                qr.PairingCode = pairing;
            }

            e.QrcodeUpdated = new QrCodeUpdated { Qrcode = qr };
        });

    /// <summary>A phone scanned this QR text: the session showing it (unexpired) links to <paramref name="number"/>.</summary>
    internal LinkOutcome ScanQr(string code, string number)
    {
        lock (_gate)
        {
            var session = _sessions.Values.FirstOrDefault(s => s.Linking?.QrCode == code);
            if (session is null)
            {
                return LinkOutcome.Fail("no instance is showing that QR code (it may have been refreshed or linking ended); scan the current one.");
            }

            return session.Linking!.ExpiresAt <= Now
                ? LinkOutcome.Fail("that QR code has expired; scan the current one.")
                : Link(session, number);
        }
    }

    /// <summary>The phone of the number that asked for this pairing code typed it in.</summary>
    internal LinkOutcome EnterPairingCode(string code)
    {
        lock (_gate)
        {
            var typed = PairingCode.Normalize(code);
            var session = _sessions.Values.FirstOrDefault(s => s.Linking?.PairingCode == typed);
            return session is null
                ? LinkOutcome.Fail("no instance is waiting for that pairing code; check the code, or connect again with a number.")
                : Link(session, session.Linking!.PairingNumber!);
        }
    }

    private LinkOutcome Link(SimulatorSession session, string number)
    {
        var phone = Account(number);
        if (phone.Banned)
        {
            return LinkOutcome.Fail($"{number} is banned from WhatsApp and cannot link a device.");
        }

        _absent.Remove(number);
        phone.Device++;
        phone.Unlinked = false;
        phone.FirstLinkedAt ??= Now;
        _journal?.Linked(number, phone.Device);
        session.Linking = null;
        session.Number = number;
        session.Device = phone.Device;
        session.Signal(new SessionSignal.CredentialsChanged(new SimulatorCredentials(number, phone.Device).Seal(Options.Seed)));
        Open(session, phone);
        return LinkOutcome.Linked(session.Instance, number);
    }

    /// <summary>The connection opens; WhatsApp keeps one per number, so an older one is replaced (440).</summary>
    private void Open(SimulatorSession session, Phone phone)
    {
        if (phone.Live is { } older && !ReferenceEquals(older, session))
        {
            End(older, Replaced, "connection replaced: another device connected as " + phone.Number);
        }

        session.Generation++;
        phone.Live = session;
        session.State = SessionState.Open;
        ConnectionUpdate(session, "open", 200);
    }

    private void Resume(SimulatorSession session, ReadOnlyMemory<byte> blob)
    {
        var credentials = SimulatorCredentials.Open(blob.Span, Options.Seed);
        session.State = SessionState.Connecting;
        ConnectionUpdate(session, "connecting", 0);
        if (credentials is null)
        {
            session.State = SessionState.Close;
            ConnectionUpdate(session, "close", 500);
            session.Signal(new SessionSignal.Ended(500, "bad session: the stored credentials are not this network's"));
            return;
        }

        var phone = Account(credentials.Number);
        session.Number = credentials.Number;
        session.Device = credentials.Device;

        // Without a journal a new process knows no links: a valid blob re-announces its device.
        if (phone.Device == 0 && !phone.Unlinked && _journal is null)
        {
            phone.Device = credentials.Device;
        }

        if (phone.Banned)
        {
            End(session, Forbidden, $"{phone.Number} is banned from WhatsApp");
        }
        else if (phone.Device != credentials.Device)
        {
            End(session, LoggedOut, "logged out: this device was unlinked");
        }
        else
        {
            Open(session, phone);
        }
    }

    private void Reconnect(SimulatorSession session)
    {
        var phone = Account(session.Number!);
        if (phone.Banned)
        {
            End(session, Forbidden, $"{phone.Number} is banned from WhatsApp");
        }
        else if (phone.Device != session.Device)
        {
            End(session, LoggedOut, "logged out: this device was unlinked");
        }
        else
        {
            session.State = SessionState.Connecting;
            ConnectionUpdate(session, "connecting", 0);
            Open(session, phone);
        }
    }

    /// <summary>WhatsApp ends the session for good: the connector drops its credentials.</summary>
    private void End(SimulatorSession session, int reason, string why)
    {
        Detach(session);
        session.Linking = null;
        session.State = SessionState.Close;
        ConnectionUpdate(session, "close", reason);
        session.Signal(new SessionSignal.Ended(reason, why));
    }

    internal void Logout(SimulatorSession session)
    {
        lock (_gate)
        {
            if (session.Number is { } number && _phones.TryGetValue(number, out var phone) && phone.Device == session.Device)
            {
                phone.Device = 0;
                phone.Unlinked = true;
                _journal?.Unlinked(number);
            }

            Detach(session);
            var wasConnected = session.State != SessionState.Close || session.Number is not null;
            session.Linking = null;
            session.State = SessionState.Close;
            if (wasConnected)
            {
                ConnectionUpdate(session, "close", LoggedOut);
            }

            session.Number = null;
            session.Device = 0;
        }
    }

    /// <summary>The network drops a number's connection with one of Baileys' reasons.</summary>
    internal string? Disconnect(string number, int reason)
    {
        lock (_gate)
        {
            if (!_phones.TryGetValue(number, out var phone) || phone.Live is not { } session)
            {
                return $"{number} has no open connection.";
            }

            switch (reason)
            {
                case LoggedOut:
                    phone.Device = 0;
                    phone.Unlinked = true;
                    _journal?.Unlinked(number);
                    End(session, LoggedOut, "logged out from the phone");
                    break;
                case Replaced:
                    End(session, Replaced, "connection replaced");
                    break;
                case TimedOut or RestartRequired:
                    // Baileys clients reconnect by themselves after these, with the same credentials.
                    Detach(session);
                    session.State = SessionState.Close;
                    ConnectionUpdate(session, "close", reason);
                    Later(session, Options.Reconnect, () => Reconnect(session));
                    break;
                default:
                    return $"reason {reason} is not one the simulator forces: use 401, 408, 440 or 515.";
            }

            return null;
        }
    }

    /// <summary>WhatsApp bans the number: its connection closes with 403 and it can neither send nor link again.</summary>
    internal void Ban(string number)
    {
        lock (_gate)
        {
            BanLocked(Account(number));
        }
    }

    private void BanLocked(Phone phone)
    {
        if (phone.Banned)
        {
            return;
        }

        phone.Banned = true;
        _journal?.Banned(phone.Number);
        if (phone.Live is { } session)
        {
            End(session, Forbidden, $"{phone.Number} was banned by WhatsApp");
        }
    }

    private static string StateName(SimulatorSession session) => session.State switch
    {
        SessionState.Open => "open",
        SessionState.Connecting => "connecting",
        _ => "close",
    };

    /// <summary>Evolution's QR object, the answer of /instance/connect.</summary>
    private static string QrJson(LinkingState linking) => Json(new Dictionary<string, object?>
    {
        ["pairingCode"] = linking.PairingCode,
        ["code"] = linking.QrCode,
        ["base64"] = linking.QrBase64,
        ["count"] = linking.Count,
    });

    private static string Json(object value) => JsonSerializer.Serialize(value);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>What a scan or a pairing code did.</summary>
public sealed record LinkOutcome(bool Ok, string? Error, string? Instance, string? Number)
{
    public static LinkOutcome Fail(string error) => new(false, error, null, null);

    public static LinkOutcome Linked(string instance, string number) => new(true, null, instance, number);
}

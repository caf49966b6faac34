using System.Text.Json.Serialization;
using Evostream.Api.Reading;

namespace Evostream.Api.Routes.Instance;

/// <summary>Evolution's connectionState body: <c>{instance:{instanceName, state}}</c>.</summary>
public sealed record ConnectionStateView(ConnectionStateView.Inner Instance)
{
    public sealed record Inner(string InstanceName, string State);

    public static ConnectionStateView Of(string name, string state) => new(new Inner(name, state));
}

/// <summary>Evolution's QR object (<c>wa.QrCode</c>).</summary>
public sealed record QrCodeView(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? PairingCode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Base64,
    int Count)
{
    public static QrCodeView Of(QrRow? row) => new(row?.PairingCode, row?.Code, row?.Base64, row?.Count ?? 0);
}

/// <summary>Evolution's answer to logout and delete: <c>{status:"SUCCESS", error:false, response:{message}}</c>.</summary>
public sealed record SuccessView(string Status, bool Error, SuccessView.Detail Response)
{
    public sealed record Detail(string Message);

    public static SuccessView Of(string message) => new("SUCCESS", false, new Detail(message));
}

/// <summary>
/// One fetchInstances row in Evolution's Prisma shape; the token is stored hashed, so it is never returned.
/// <c>transport</c> (Evostream's) says what carries the instance: simulator, baileys or cloud-api.
/// </summary>
public sealed record InstanceView(
    string? Id,
    string Name,
    string ConnectionStatus,
    string? OwnerJid,
    string? ProfileName,
    string? ProfilePicUrl,
    string Integration,
    string? Number,
    string? BusinessId,
    string? Token,
    string ClientName,
    int? DisconnectionReasonCode,
    DateTimeOffset? DisconnectionAt,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    string? Transport)
{
    public static InstanceView Of(InstanceRow row) => new(
        row.Id, row.Name, row.ConnectionStatus, row.OwnerJid, row.ProfileName, row.ProfilePicUrl, row.Integration ?? "WHATSAPP-BAILEYS",
        row.Number, row.BusinessId, null, "evostream", row.DisconnectionReasonCode, row.DisconnectionAt, row.CreatedAt, row.UpdatedAt, row.Transport);
}

public sealed record PresenceView(string Presence);

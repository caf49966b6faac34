namespace Evostream.Api.Reading;

/// <summary>One row of the instances read model.</summary>
public sealed record InstanceRow(
    string Name,
    string? Id,
    string? Integration,
    string ConnectionStatus,
    string? OwnerJid,
    string? ProfileName,
    string? ProfilePicUrl,
    string? Number,
    string? BusinessId,
    int? DisconnectionReasonCode,
    DateTimeOffset? DisconnectionAt,
    DateTimeOffset? CreatedAt,
    DateTimeOffset? UpdatedAt,
    string? Transport);

/// <summary>The latest QR code (and pairing code) of an instance.</summary>
public sealed record QrRow(string? Code, string? Base64, string? PairingCode, int? Count, string? Message, DateTimeOffset UpdatedAt);

using Npgsql;

namespace Evostream.Api.Reading;

/// <summary>Reads the instances read model (and each instance's latest QR). Deleted instances do not exist here.</summary>
public sealed class InstanceQueries(ReadModelDb db)
{
    private const string Columns =
        """
        name, id, integration, connection_status, owner_jid, profile_name, profile_pic_url, number, business_id,
        disconnection_reason_code, disconnection_at, created_at, updated_at, transport
        """;

    public async Task<InstanceRow?> FindAsync(string name, CancellationToken ct)
    {
        await using var command = db.Command($"SELECT {Columns} FROM instances WHERE name = $1 AND deleted_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Row(reader) : null;
    }

    /// <summary>fetchInstances' filters, each optional; <paramref name="only"/> limits an instance token to its own instance.</summary>
    public async Task<IReadOnlyList<InstanceRow>> ListAsync(string? name, string? id, string? number, string? only, CancellationToken ct)
    {
        await using var command = db.Command(
            $"""
            SELECT {Columns} FROM instances
            WHERE deleted_at IS NULL AND ($1::text IS NULL OR name = $1) AND ($2::text IS NULL OR id = $2)
              AND ($3::text IS NULL OR number = $3) AND ($4::text IS NULL OR name = $4)
            ORDER BY created_at, name
            """);
        foreach (var value in new[] { name, id, number, only })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        }

        var rows = new List<InstanceRow>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            rows.Add(Row(reader));
        }

        return rows;
    }

    /// <summary>The stored token digest of a live instance, or null.</summary>
    public async Task<string?> TokenHashAsync(string name, CancellationToken ct)
    {
        await using var command = db.Command("SELECT token_sha256 FROM instances WHERE name = $1 AND deleted_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        return await command.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>The live instance whose token has this digest, or null.</summary>
    public async Task<string?> InstanceOfTokenAsync(string tokenSha256, CancellationToken ct)
    {
        await using var command = db.Command("SELECT name FROM instances WHERE token_sha256 = $1 AND deleted_at IS NULL LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter { Value = tokenSha256 });
        return await command.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>The live instance, other than <paramref name="except"/>, that sends from this Cloud API phone number id, or null.</summary>
    public async Task<string?> InstanceOfPhoneNumberIdAsync(string phoneNumberId, string? except, CancellationToken ct)
    {
        await using var command = db.Command(
            "SELECT name FROM instances WHERE number = $1 AND integration = 'WHATSAPP-BUSINESS' AND deleted_at IS NULL AND ($2::text IS NULL OR name <> $2) ORDER BY created_at LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter { Value = phoneNumberId });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)except ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        return await command.ExecuteScalarAsync(ct) as string;
    }

    public async Task<QrRow?> QrAsync(string name, CancellationToken ct)
    {
        await using var command = db.Command(
            "SELECT code, base64, pairing_code, count, message, updated_at FROM instance_qrcodes WHERE instance = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = name });
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new QrRow(reader.Text(0), reader.Text(1), reader.Text(2), reader.IsDBNull(3) ? null : reader.GetInt32(3), reader.Text(4),
                reader.GetFieldValue<DateTimeOffset>(5))
            : null;
    }

    private static InstanceRow Row(NpgsqlDataReader r) => new(
        r.GetString(0), r.Text(1), r.Text(2), r.GetString(3), r.Text(4), r.Text(5), r.Text(6), r.Text(7), r.Text(8),
        r.IsDBNull(9) ? null : r.GetInt32(9),
        r.IsDBNull(10) ? null : r.GetFieldValue<DateTimeOffset>(10),
        r.IsDBNull(11) ? null : r.GetFieldValue<DateTimeOffset>(11),
        r.IsDBNull(12) ? null : r.GetFieldValue<DateTimeOffset>(12),
        r.Text(13));
}

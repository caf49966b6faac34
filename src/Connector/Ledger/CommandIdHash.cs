using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Evostream.Connector.Ledger;

/// <summary>
/// A done command id as the ledger keeps it: the first 128 bits of its SHA-256. Two of a billion ids collide with a
/// probability of about 10^18 / 2^129, around 10^-21, so telling ids apart by hash is safe. Two ulongs rather than a
/// UInt128, whose 16-byte alignment would pad every dictionary entry from 32 to 48 bytes.
/// </summary>
internal readonly record struct CommandIdHash(ulong Low, ulong High)
{
    public static CommandIdHash Of(string commandId)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(commandId), hash);
        return new CommandIdHash(BinaryPrimitives.ReadUInt64LittleEndian(hash), BinaryPrimitives.ReadUInt64LittleEndian(hash[8..]));
    }

    // The bits of a cryptographic hash are already uniform.
    public override int GetHashCode() => (int)Low;
}

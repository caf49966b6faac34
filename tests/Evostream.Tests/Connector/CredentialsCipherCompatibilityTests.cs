using System.Security.Cryptography;
using System.Text;
using Evostream.Platform.Credentials;

namespace Evostream.Tests.Execution;

/// <summary>
/// The cipher moved from the BCL's AesGcm to libsodium (NSec); records already on the sessions topic and webhook headers
/// sealed before must still open, and what it seals now must be the same format.
/// </summary>
public class CredentialsCipherCompatibilityTests
{
    // Key 00..1f, nonce 00..0b, "Bearer hunter2" for instance "shop": sealed by OpenSSL (Python's cryptography AESGCM),
    // an implementation independent of both the old and the new code path.
    private const string KeyText = "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private const string FixedVector = "enc:v1:k1:AAECAwQFBgcICQoLBWe3aaCX4nP4L+Puw9vBv+5JhJ4WIwT+jFu8PT6n";

    private static CredentialKeys Keys(string text) => CredentialKeys.TryParse(text, out var keys, out var error) ? keys : throw new InvalidOperationException(error);

    private static byte[] KeyBytes => Convert.FromBase64String(KeyText[3..]);

    [Fact]
    public void A_fixed_vector_opens()
    {
        var cipher = new CredentialsCipher(Keys(KeyText));
        Assert.Equal("Bearer hunter2", Encoding.UTF8.GetString(cipher.Open(FixedVector, "shop")));
    }

    [Fact]
    public void A_value_sealed_by_the_old_code_path_opens()
    {
        // The BCL sealing exactly as CredentialsCipher did before NSec: nonce, ciphertext, tag.
        var plaintext = "{\"creds\":\"olá\"}"u8.ToArray();
        var sealedBytes = new byte[12 + plaintext.Length + 16];
        RandomNumberGenerator.Fill(sealedBytes.AsSpan(0, 12));
        using (var aes = new AesGcm(KeyBytes, 16))
        {
            aes.Encrypt(sealedBytes.AsSpan(0, 12), plaintext, sealedBytes.AsSpan(12, plaintext.Length), sealedBytes.AsSpan(12 + plaintext.Length), "vault"u8);
        }

        var old = "enc:v1:k1:" + Convert.ToBase64String(sealedBytes);
        Assert.Equal(plaintext, new CredentialsCipher(Keys(KeyText)).Open(old, "vault"));
    }

    [Fact]
    public void What_it_seals_now_the_old_code_path_opens()
    {
        var sealedText = new CredentialsCipher(Keys(KeyText)).SealText("Bearer hunter2", "shop");
        Assert.StartsWith("enc:v1:k1:", sealedText, StringComparison.Ordinal);
        var bytes = Convert.FromBase64String(sealedText["enc:v1:k1:".Length..]);
        Assert.Equal(12 + "Bearer hunter2".Length + 16, bytes.Length);

        var plaintext = new byte[bytes.Length - 28];
        using var aes = new AesGcm(KeyBytes, 16);
        aes.Decrypt(bytes.AsSpan(0, 12), bytes.AsSpan(12, plaintext.Length), bytes.AsSpan(12 + plaintext.Length), plaintext, "shop"u8);
        Assert.Equal("Bearer hunter2", Encoding.UTF8.GetString(plaintext));
    }

    [Fact]
    public void Each_seal_takes_a_fresh_nonce()
    {
        var cipher = new CredentialsCipher(Keys(KeyText));
        var first = Convert.FromBase64String(cipher.SealText("same", "shop")["enc:v1:k1:".Length..]);
        var second = Convert.FromBase64String(cipher.SealText("same", "shop")["enc:v1:k1:".Length..]);
        Assert.NotEqual(first[..12], second[..12]);
    }

    [Theory]
    [InlineData(14, "does not open with key 'k1'")]
    [InlineData(40, "does not open with key 'k1'")]
    public void A_flipped_bit_anywhere_is_refused_by_name(int index, string expected)
    {
        var bytes = Convert.FromBase64String(FixedVector["enc:v1:k1:".Length..]);
        bytes[index] ^= 0x01;
        var e = Assert.ThrowsAny<CryptographicException>(() => new CredentialsCipher(Keys(KeyText)).Open("enc:v1:k1:" + Convert.ToBase64String(bytes), "shop"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_value_is_refused()
    {
        var e = Assert.ThrowsAny<CryptographicException>(() => new CredentialsCipher(Keys(KeyText)).Open("enc:v1:k1:" + Convert.ToBase64String(new byte[27]), "shop"));
        Assert.Equal("the sealed value is too short.", e.Message);
    }
}

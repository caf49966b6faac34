using System.Buffers;
using System.Buffers.Text;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Google.Protobuf;

namespace Evostream.Contracts.Commands;

/// <summary>Media as Evolution takes it in one string: an http(s) URL, or the bytes in base64.</summary>
/// <param name="Url">Set when the string is a URL.</param>
/// <param name="Data">Set when the string is base64.</param>
/// <param name="MimeType">The type a <c>data:</c> URI declares, empty otherwise.</param>
internal readonly record struct Media(string Url, ByteString? Data, string MimeType);

/// <summary>
/// Reads and writes Evolution's media strings (<c>media</c>, <c>audio</c>, <c>sticker</c>, <c>image</c>). A string that
/// starts with http:// or https:// is a URL; anything else is base64, bare or as <c>data:&lt;type&gt;;base64,</c>.
/// Base64 is decoded straight from the JSON's UTF-8 bytes: media runs to megabytes, and a .NET string of it would
/// double that for nothing.
/// </summary>
internal static class MediaJson
{
    private const string Empty = "is empty; expected an http(s) URL or base64 data";

    public static Media Read(JsonBodyReader reader, JsonElement body, string name)
    {
        if (!reader.TryGet(body, name, required: true, out var value))
        {
            return default;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            reader.Fail(name, "must be a string: an http(s) URL or base64 data");
            return default;
        }

        var raw = JsonMarshal.GetRawUtf8Value(value)[1..^1];
        // Escapes are rare (PHP writes \/ for /); only then is the string unescaped into a copy.
        var text = raw.Contains((byte)'\\') ? Encoding.UTF8.GetBytes(value.GetString()!) : raw;

        if (StartsWith(text, "https://"u8) || StartsWith(text, "http://"u8))
        {
            var url = value.GetString()!;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Host.Length == 0)
            {
                reader.Fail(name, "is not a valid http(s) URL");
            }

            return new Media(url, null, "");
        }

        if (StartsWith(text, "data:"u8))
        {
            var comma = text.IndexOf((byte)',');
            ReadOnlySpan<byte> header = comma < 0 ? default : text[5..comma];
            if (!EndsWith(header, ";base64"u8))
            {
                reader.Fail(name, "is a data URI that is not base64-encoded (expected data:<mimetype>;base64,<data>)");
                return default;
            }

            var data = Decode(text[(comma + 1)..]);
            if (data is null)
            {
                reader.Fail(name, "is a data URI whose data is not valid base64");
            }
            else if (data.Length == 0)
            {
                reader.Fail(name, Empty);
            }

            return new Media("", data, Encoding.UTF8.GetString(header[..^";base64".Length]));
        }

        var bytes = Decode(text);
        if (bytes is null)
        {
            reader.Fail(name, "is neither an http(s) URL nor valid base64");
        }
        else if (bytes.Length == 0)
        {
            reader.Fail(name, Empty);
        }

        return new Media("", bytes, "");
    }

    /// <summary>Writes whichever of <paramref name="url"/> and <paramref name="data"/> the message's oneof holds, if any.</summary>
    /// <summary>Reads a URL-or-base64 field into whichever member of the command's <c>oneof</c> fits it.</summary>
    public static void ReadInto(JsonBodyReader reader, JsonElement body, string name, Action<string> url, Action<ByteString> data)
    {
        var media = Read(reader, body, name);
        if (media.Data is { } bytes)
        {
            data(bytes);
        }
        else if (media.Url is { Length: > 0 } text)
        {
            url(text);
        }
    }

    public static void Write(Utf8JsonWriter json, ReadOnlySpan<byte> name, string? url, ByteString? data)
    {
        if (url is not null)
        {
            json.WriteString(name, url);
        }
        else if (data is not null)
        {
            json.WriteBase64String(name, data.Span);
        }
    }

    private static ByteString? Decode(ReadOnlySpan<byte> base64)
    {
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(base64.Length)];
        return Base64.DecodeFromUtf8(base64, bytes, out _, out var written) == OperationStatus.Done
            ? UnsafeByteOperations.UnsafeWrap(bytes.AsMemory(0, written))
            : null;
    }

    // URI schemes and the base64 marker are case-insensitive.
    private static bool StartsWith(ReadOnlySpan<byte> text, ReadOnlySpan<byte> ascii) =>
        text.Length >= ascii.Length && Ascii.EqualsIgnoreCase(text[..ascii.Length], ascii);

    private static bool EndsWith(ReadOnlySpan<byte> text, ReadOnlySpan<byte> ascii) =>
        text.Length >= ascii.Length && Ascii.EqualsIgnoreCase(text[^ascii.Length..], ascii);
}

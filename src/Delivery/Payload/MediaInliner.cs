using System.Text.Json;

namespace Evostream.Delivery.Payload;

/// <summary>
/// Evolution's <c>base64</c> option: the media of a <c>messages.upsert</c> or <c>send.message</c> is downloaded and
/// inlined as <c>data.message.base64</c>. Downloads go through the same address rule as webhooks, and stop at the
/// size cap; a failure becomes <c>data.message.base64Error</c> so the receiver knows why the media is missing.
/// </summary>
public sealed class MediaInliner(HttpClient http, long maxBytes)
{
    private static readonly string[] s_mediaKinds = ["imageMessage", "videoMessage", "audioMessage", "documentMessage", "stickerMessage", "ptvMessage"];

    public static bool Applies(string eventName) => eventName is "messages.upsert" or "send.message";

    /// <summary>The inline for an event body, or null when the message carries no media URL.</summary>
    public async Task<MediaInline?> InlineAsync(ReadOnlyMemory<byte> eventBody, CancellationToken ct)
    {
        if (MediaUrl(eventBody) is not { } url)
        {
            return null;
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return new MediaInline(null, "the media URL is not an http(s) URL");
        }

        try
        {
            using var response = await http.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
            {
                return new MediaInline(null, $"downloading the media answered HTTP {(int)response.StatusCode}");
            }

            if (response.Content.Headers.ContentLength is { } length && length > maxBytes)
            {
                return TooLarge();
            }

            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            using var copy = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, ct)) > 0)
            {
                if (copy.Length + read > maxBytes)
                {
                    return TooLarge();
                }

                copy.Write(chunk, 0, read);
            }

            return new MediaInline(Convert.ToBase64String(copy.GetBuffer(), 0, (int)copy.Length), null);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return new MediaInline(null, "downloading the media failed: " + e.Message);
        }

        MediaInline TooLarge() => new(null, $"the media is larger than EVOSTREAM_WEBHOOK_BASE64_MAX_BYTES ({maxBytes} bytes)");
    }

    private static string? MediaUrl(ReadOnlyMemory<byte> eventBody)
    {
        using var document = JsonDocument.Parse(eventBody);
        if (!document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var kind in s_mediaKinds)
        {
            if (message.TryGetProperty(kind, out var media) && media.ValueKind == JsonValueKind.Object
                && media.TryGetProperty("url", out var url) && url.ValueKind == JsonValueKind.String)
            {
                return url.GetString();
            }
        }

        return null;
    }
}

using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Evostream.Platform.Credentials;
using Evostream.Delivery.Payload;
using Evostream.Delivery.Signing;

namespace Evostream.Delivery.Queues;

/// <summary>The result of one POST: a status when the receiver answered, an error otherwise; <see cref="Final"/> when no retry can help.</summary>
public sealed record AttemptResult(int? Status, string? Error, bool Final = false)
{
    public bool Succeeded => Status is >= 200 and < 300;
}

/// <summary>
/// Makes one attempt: builds the body once, opens the sealed headers and secret for this request only, signs, and
/// posts. Whatever the receiver does (an error status, garbage, a hang, a closed socket) is a result, never an exception.
/// </summary>
public sealed class WebhookSender(HttpClient http, CredentialsCipher cipher, WebhookSigner signer, MediaInliner media, TimeSpan timeout, TimeProvider time)
{
    private static readonly MediaTypeHeaderValue s_json = new("application/json") { CharSet = "utf-8" };

    public async Task<AttemptResult> SendAsync(DeliveryJob job, CancellationToken ct)
    {
        string url = job.Url;
        if (job.Payload is null)
        {
            var inline = job.Target.Base64 && MediaInliner.Applies(job.EventName) ? await media.InlineAsync(job.EventBody, ct) : null;
            job.Payload = WebhookPayload.Build(job.EventBody, url, inline);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(job.Payload) };
        request.Content.Headers.ContentType = s_json;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        byte[]? secret;
        try
        {
            AddHeaders(request, job, now);
            secret = Secret(job);
        }
        catch (CryptographicException e)
        {
            // A key missing from EVOSTREAM_CREDENTIALS_KEYS will not appear by retrying: park, saying which.
            return new AttemptResult(null, e.Message, Final: true);
        }

        if (signer.Signs(secret))
        {
            request.Headers.TryAddWithoutValidation(WebhookSigner.IdHeader, job.EventId);
            request.Headers.TryAddWithoutValidation(WebhookSigner.TimestampHeader, now.ToString(System.Globalization.CultureInfo.InvariantCulture));
            request.Headers.TryAddWithoutValidation(WebhookSigner.SignatureHeader, signer.Sign(job.EventId, now, job.Payload, secret));
        }
        else
        {
            // Unsigned deliveries still carry the id receivers deduplicate on.
            request.Headers.TryAddWithoutValidation(WebhookSigner.IdHeader, job.EventId);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            var status = (int)response.StatusCode;
            return new AttemptResult(status, status is >= 200 and < 300 ? null : $"the receiver answered HTTP {status}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new AttemptResult(null, $"no answer within WEBHOOK_REQUEST_TIMEOUT_MS ({(int)timeout.TotalMilliseconds} ms)");
        }
        catch (HttpRequestException e)
        {
            return new AttemptResult(null, Describe(e));
        }
        catch (IOException e)
        {
            return new AttemptResult(null, e.Message);
        }
    }

    private void AddHeaders(HttpRequestMessage request, DeliveryJob job, long now)
    {
        foreach (var (name, stored) in job.Target.SealedHeaders)
        {
            var value = CredentialsCipher.IsSealed(stored) ? Encoding.UTF8.GetString(cipher.Open(stored, job.Instance)) : stored;
            if (string.Equals(name, JwtBearer.HeaderName, StringComparison.OrdinalIgnoreCase))
            {
                request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + JwtBearer.Token(value, now));
                continue;
            }

            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                request.Content!.Headers.Remove(name);
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
    }

    private byte[]? Secret(DeliveryJob job)
    {
        var stored = job.Target.SealedSecret;
        if (stored.Length == 0)
        {
            return null;
        }

        var text = CredentialsCipher.IsSealed(stored) ? Encoding.UTF8.GetString(cipher.Open(stored, job.Instance)) : stored;
        return Contracts.Webhooks.WebhookSecret.TryParse(text, out var key, out var error) ? key : throw new CryptographicException("the webhook's secret " + error);
    }

    // The refusal of a private address is the interesting part of a connect failure.
    private static string Describe(HttpRequestException e) =>
        e.InnerException is Http.RefusedAddressException refused ? refused.Message : e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
}

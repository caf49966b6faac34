using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Evostream.Platform.Configuration;

namespace Evostream.Connector.Drivers.CloudApi;

/// <summary>
/// Posts to the Graph API's messages endpoint with a bearer token. A 429 or 5xx answer means Meta did not process
/// the request, so it is retried with backoff a bounded number of times; a failure after the request may have
/// reached Meta throws <see cref="GraphOutcomeUnknownException"/>, because only then could a retry send twice.
/// </summary>
public sealed class GraphClient(HttpClient http, WaBusinessSettings settings, TimeProvider time)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Attempts in all for one send, and the longest wait between two (Retry-After included).</summary>
    public const int MaxAttempts = 4;
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(5);
    private static readonly MediaTypeHeaderValue s_json = new("application/json");

    public WaBusinessSettings Settings => settings;

    public Task<GraphAnswer> PostMessageAsync(string phoneNumberId, string token, JsonObject body, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        return SendAsync(HttpMethod.Post, settings.MessagesUrl(phoneNumberId), token, () => Json(bytes), keepBody: false, ct);
    }

    /// <summary>A JSON post whose answer is the result, such as a template's creation.</summary>
    public Task<GraphAnswer> PostAsync(Uri url, string token, JsonObject body, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
        return SendAsync(HttpMethod.Post, url, token, () => Json(bytes), keepBody: true, ct);
    }

    /// <summary>
    /// Uploads media to <c>/{phone-number-id}/media</c> (multipart: messaging_product, type, file) and answers its id
    /// in <see cref="GraphAnswer.Ok.MessageId"/>. Repeating an upload only leaves an unused media id at Meta.
    /// </summary>
    public async Task<GraphAnswer> UploadMediaAsync(string phoneNumberId, string token, GraphUpload upload, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var bytes = upload.Data.Memory;
        var answer = await SendAsync(HttpMethod.Post, settings.MediaUrl(phoneNumberId), token, () =>
        {
            var file = new ReadOnlyMemoryContent(bytes);
            file.Headers.ContentType = MediaTypeHeaderValue.Parse(upload.MimeType);
            return new MultipartFormDataContent
            {
                { new StringContent("whatsapp"), "messaging_product" },
                { new StringContent(upload.MimeType), "type" },
                { file, "file", upload.FileName },
            };
        }, keepBody: true, ct);
        return answer is GraphAnswer.Ok { Body: JsonObject body } ? new GraphAnswer.Ok(body["id"]?.ToString(), null, body) : answer;
    }

    /// <summary>A read, such as a WABA's templates; harmless to repeat.</summary>
    public Task<GraphAnswer> GetAsync(Uri url, string token, CancellationToken ct) =>
        SendAsync(HttpMethod.Get, url, token, null, keepBody: true, ct);

    private static ByteArrayContent Json(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = s_json;
        return content;
    }

    // The content is made again for each attempt: a sent HttpContent cannot be sent twice.
    private async Task<GraphAnswer> SendAsync(HttpMethod method, Uri url, string token, Func<HttpContent>? content, bool keepBody, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, url) { Content = content?.Invoke() };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, ct);
            }
            catch (HttpRequestException e) when (NeverSent(e))
            {
                return new GraphAnswer.Unreachable($"the Graph API at {settings.Url} could not be reached ({e.Message}); nothing was sent");
            }
            catch (HttpRequestException e)
            {
                throw new GraphOutcomeUnknownException($"the connection to the Graph API failed after the request was sent ({e.Message})", e);
            }
            catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
            {
                throw new GraphOutcomeUnknownException($"the Graph API did not answer within {http.Timeout.TotalSeconds:0.#} s", e);
            }

            using (response)
            {
                string text;
                try
                {
                    text = await response.Content.ReadAsStringAsync(ct);
                }
                catch (HttpRequestException e)
                {
                    throw new GraphOutcomeUnknownException($"the Graph API's answer was cut off ({e.Message})", e);
                }

                var status = (int)response.StatusCode;
                if ((status == 429 || status >= 500) && attempt < MaxAttempts)
                {
                    await Task.Delay(Backoff(attempt, response.Headers.RetryAfter), time, ct);
                    continue;
                }

                return response.IsSuccessStatusCode ? Success(text, keepBody) : Failure(status, text);
            }
        }
    }

    // 250 ms, 1 s, 4 s (at most 5 s), or what Retry-After asks for within the same bound.
    private TimeSpan Backoff(int attempt, RetryConditionHeaderValue? retryAfter)
    {
        var wait = TimeSpan.FromMilliseconds(250 * Math.Pow(4, attempt - 1));
        if (retryAfter?.Delta is { } delta)
        {
            wait = delta;
        }
        else if (retryAfter?.Date is { } date)
        {
            wait = date - time.GetUtcNow();
        }

        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > s_maxBackoff ? s_maxBackoff : wait;
    }

    private static bool NeverSent(HttpRequestException e) =>
        e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.NetworkUnreachable or SocketError.HostUnreachable }
        || e.HttpRequestError is HttpRequestError.NameResolutionError;

    private static GraphAnswer.Ok Success(string text, bool keepBody)
    {
        try
        {
            var root = JsonNode.Parse(text);
            var id = root?["messages"]?[0]?["id"]?.GetValue<string>();
            var waId = root?["contacts"]?[0]?["wa_id"]?.GetValue<string>();
            return new GraphAnswer.Ok(id, waId, keepBody ? root : null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // A 200 means Meta took it; an unreadable body only costs us the wamid.
            return new GraphAnswer.Ok(null, null);
        }
    }

    private static GraphAnswer.Error Failure(int status, string text)
    {
        try
        {
            if (JsonNode.Parse(text)?["error"] is JsonObject error)
            {
                var code = error["code"]?.GetValueKind() == JsonValueKind.Number ? error["code"]!.GetValue<int>() : 0;
                return new GraphAnswer.Error(status, code, error["message"]?.ToString() ?? "", error["error_data"]?["details"]?.ToString());
            }
        }
        catch (JsonException)
        {
        }

        var excerpt = text.Length > 200 ? text[..200] + "..." : text;
        return new GraphAnswer.Error(status, 0, $"HTTP {status} {(HttpStatusCode)status}: {excerpt}", null);
    }
}

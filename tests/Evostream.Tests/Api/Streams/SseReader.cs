using System.Text.Json;

namespace Evostream.Tests.Api.Streams;

internal sealed record SseMessage(string? Id, string? Event, JsonElement Data, IReadOnlyList<string> Comments);

/// <summary>Reads a text/event-stream response through HttpClient, message by message, as the SSE spec frames them.</summary>
internal sealed class SseReader : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseReader(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body);
    }

    public static async Task<SseReader> OpenAsync(HttpClient client, string path, string key, string? lastEventId, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("apikey", key);
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reader = new SseReader(response, await response.Content.ReadAsStreamAsync(ct));
        // The stream opens with a comment, so the subscription is in place once the first line arrives.
        Assert.StartsWith(":", await reader._reader.ReadLineAsync(ct), StringComparison.Ordinal);
        return reader;
    }

    /// <summary>The next message with data; comments before it are collected in it.</summary>
    public async Task<SseMessage> NextAsync(TimeSpan? timeout = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        string? id = null, name = null, data = null;
        var comments = new List<string>();
        while (await _reader.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    return new SseMessage(id, name, JsonDocument.Parse(data).RootElement.Clone(), comments);
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                comments.Add(line[1..].Trim());
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                name = line[7..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }

        throw new EndOfStreamException($"The stream ended; comments: {string.Join(" | ", comments)}");
    }

    /// <summary>Every comment until the server ends the stream (events skipped).</summary>
    public async Task<List<string>> CommentsUntilEndAsync(TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout);
        var comments = new List<string>();
        while (await _reader.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.StartsWith(':'))
            {
                comments.Add(line[1..].Trim());
            }
        }

        return comments;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}

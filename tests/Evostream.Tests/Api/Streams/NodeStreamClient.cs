using System.Diagnostics;
using System.Text.Json;
using Evostream.Tests.Contracts.Evolution;

namespace Evostream.Tests.Api.Streams;

/// <summary>
/// tests/clients/stream-client.js running as a real socket.io-client or ws client; each JSON line it prints is read
/// here as it comes. Disposing closes its stdin, which ends it.
/// </summary>
internal sealed class NodeStreamClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<JsonElement> _lines = [];
    private readonly Dictionary<string, int> _read = [];
    private TaskCompletionSource _more = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _stderr = [];

    private NodeStreamClient(Process process)
    {
        _process = process;
        _ = PumpAsync();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.Add(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
    }

    public static async Task<NodeStreamClient> StartAsync(string mode, string url, object options, CancellationToken ct)
    {
        await NodeClients.EnsureInstalledAsync(ct);
        var node = ExternalTool.Require("node", "install Node.js and npm (apt-get install -y nodejs npm)");
        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = NodeClients.Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "stream-client.js", mode, url, JsonSerializer.Serialize(options), "120000" })
        {
            start.ArgumentList.Add(argument);
        }

        return new NodeStreamClient(Process.Start(start) ?? throw new InvalidOperationException("node did not start"));
    }

    /// <summary>
    /// The next printed line of <paramref name="type"/> after the last one of that type returned; lines of other
    /// types stay for their own calls. Fails after <paramref name="timeout"/>.
    /// </summary>
    public async Task<JsonElement> NextAsync(string type, TimeSpan? timeout = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            while (true)
            {
                Task more;
                lock (_lines)
                {
                    var from = _read.GetValueOrDefault(type);
                    for (var i = from; i < _lines.Count; i++)
                    {
                        if (_lines[i].GetProperty("type").GetString() == type)
                        {
                            _read[type] = i + 1;
                            return _lines[i];
                        }
                    }

                    _read[type] = _lines.Count;
                    more = _more.Task;
                }

                await more.WaitAsync(deadline.Token);
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The {_process.StartInfo.ArgumentList[1]} client printed no '{type}' line; it printed: {Printed}; stderr: {Stderr}");
        }
    }

    private string Printed
    {
        get
        {
            lock (_lines)
            {
                return string.Join('\n', _lines.Select(l => l.ToString().Length > 300 ? l.ToString()[..300] : l.ToString()));
            }
        }
    }

    /// <summary>The next <paramref name="count"/> events' payloads, in the order received.</summary>
    public async Task<List<JsonElement>> EventsAsync(int count, TimeSpan? timeout = null)
    {
        var events = new List<JsonElement>();
        while (events.Count < count)
        {
            events.Add(await NextAsync("event", timeout));
        }

        return events;
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    private async Task PumpAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith('{'))
            {
                lock (_lines)
                {
                    _lines.Add(JsonDocument.Parse(line).RootElement.Clone());
                    _more.TrySetResult();
                    _more = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }
}

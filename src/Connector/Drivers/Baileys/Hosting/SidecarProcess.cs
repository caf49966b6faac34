using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Evostream.Connector.Drivers.Baileys.Hosting;

/// <summary>
/// One running sidecar: `node src/main.js` with its stdin, stdout and stderr. Requests are written as lines and
/// matched to their answers by id; signals go to <see cref="SignalReceived"/>. It ends when its stdin closes, so it
/// cannot outlive this process even after a kill -9 of the connector.
/// </summary>
internal sealed partial class SidecarProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly TaskCompletionSource<JsonObject> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextId;

    private SidecarProcess(Process process, ILogger logger)
    {
        _process = process;
        _logger = logger;
    }

    /// <summary>Called (on the reader's thread) with the session name, signal name and data of each signal.</summary>
    public event Action<string, string, JsonObject>? SignalReceived;

    public int ProcessId => _process.Id;

    /// <summary>Completes when the process has exited, whatever the reason.</summary>
    public Task Exited => _exited.Task;

    public static async Task<SidecarProcess> StartAsync(BaileysOptions options, ILogger logger, CancellationToken ct)
    {
        var start = new ProcessStartInfo(options.Node)
        {
            WorkingDirectory = options.SidecarDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine("src", "main.js"));
        start.Environment["EVOSTREAM_BAILEYS_LOG_LEVEL"] = options.LogLevel;
        if (options.WebSocketUrl is { } url)
        {
            start.Environment["EVOSTREAM_BAILEYS_WS_URL"] = url;
        }
        else
        {
            start.Environment.Remove("EVOSTREAM_BAILEYS_WS_URL");
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var sidecar = new SidecarProcess(process, logger);
        process.Exited += (_, _) => sidecar.OnExited();
        if (!process.Start())
        {
            throw new SidecarGoneException($"{options.Node} could not be started.");
        }

        process.StandardInput.AutoFlush = false;
        _ = Task.Run(sidecar.ReadStdoutAsync, CancellationToken.None);
        _ = Task.Run(sidecar.ReadStderrAsync, CancellationToken.None);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        try
        {
            var ready = await sidecar._ready.Task.WaitAsync(timeout.Token);
            var protocol = ready["protocol"]?.GetValue<int>();
            if (protocol != BaileysOptions.ProtocolVersion)
            {
                throw new SidecarGoneException($"the sidecar at {options.SidecarDirectory} speaks protocol {protocol}, this connector {BaileysOptions.ProtocolVersion}.");
            }
        }
        catch (Exception)
        {
            await sidecar.DisposeAsync();
            throw;
        }

        return sidecar;
    }

    /// <summary>Sends one request and waits for its answer's result.</summary>
    /// <exception cref="SidecarException">The sidecar answered with an error.</exception>
    /// <exception cref="SidecarGoneException">The sidecar exited or did not answer in time.</exception>
    public async Task<JsonObject> RequestAsync(string op, JsonObject args, TimeSpan timeout, CancellationToken ct)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture);
        var request = new JsonObject { ["v"] = BaileysOptions.ProtocolVersion, ["id"] = id, ["op"] = op };
        foreach (var (name, value) in args)
        {
            request[name] = value?.DeepClone();
        }

        var answer = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        try
        {
            if (_exited.Task.IsCompleted)
            {
                throw new SidecarGoneException("the Baileys sidecar has exited.");
            }

            await _writeGate.WaitAsync(ct);
            try
            {
                await _process.StandardInput.WriteLineAsync(request.ToJsonString().AsMemory(), ct);
                await _process.StandardInput.FlushAsync(ct);
            }
            catch (IOException e)
            {
                throw new SidecarGoneException($"the Baileys sidecar stopped reading: {e.Message}");
            }
            finally
            {
                _writeGate.Release();
            }

            JsonObject reply;
            try
            {
                reply = await answer.Task.WaitAsync(timeout, ct);
            }
            catch (TimeoutException)
            {
                throw new SidecarGoneException($"the Baileys sidecar did not answer {op} within {timeout.TotalSeconds:0} s.");
            }

            if (reply["ok"]?.GetValue<bool>() == true)
            {
                return reply["result"] as JsonObject ?? [];
            }

            var error = reply["error"] as JsonObject;
            throw new SidecarException(
                error?["code"]?.GetValue<string>() ?? "internal",
                error?["message"]?.GetValue<string>() ?? "the sidecar gave no reason",
                error?["field"]?.GetValue<string>(),
                error?["status"]?.GetValue<int>());
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    private async Task ReadStdoutAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                Dispatch(line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            LogReadFailed(_logger, e.Message);
        }
        finally
        {
            OnExited();
        }
    }

    private void Dispatch(string line)
    {
        JsonObject message;
        try
        {
            message = JsonNode.Parse(line) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException e)
        {
            LogNotProtocol(_logger, e.Message, line.Length > 200 ? line[..200] : line);
            return;
        }

        if (message["signal"]?.GetValue<string>() is { } signal)
        {
            var data = message["data"] as JsonObject ?? [];
            if (signal == "ready")
            {
                _ready.TrySetResult(data);
                return;
            }

            try
            {
                SignalReceived?.Invoke(message["session"]?.GetValue<string>() ?? "", signal, data);
            }
            catch (Exception e)
            {
                // A handler's bug must not stop the reader: every other session depends on it.
                LogHandlerFailed(_logger, signal, e.Message);
            }

            return;
        }

        if (message["id"]?.GetValue<string>() is { } id && _pending.TryGetValue(id, out var answer))
        {
            answer.TrySetResult(message);
        }
        else
        {
            LogUnmatched(_logger, line.Length > 200 ? line[..200] : line);
        }
    }

    private async Task ReadStderrAsync()
    {
        try
        {
            while (await _process.StandardError.ReadLineAsync() is { } line)
            {
                LogSidecar(_logger, line);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The process is gone; stdout's reader reports it.
        }
    }

    private void OnExited()
    {
        if (!_exited.TrySetResult())
        {
            return;
        }

        _ready.TrySetException(new SidecarGoneException("the Baileys sidecar exited before it was ready."));
        foreach (var answer in _pending.Values)
        {
            answer.TrySetException(new SidecarGoneException("the Baileys sidecar exited before answering; whether the request took effect is unknown."));
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Closing stdin lets it close every session (keeping the links) and exit on its own.
            _process.StandardInput.Close();
            await _exited.Task.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }

        OnExited();
        _process.Dispose();
        _writeGate.Dispose();
    }

    [LoggerMessage(LogLevel.Debug, "baileys sidecar: {Line}")]
    private static partial void LogSidecar(ILogger logger, string line);

    [LoggerMessage(LogLevel.Warning, "baileys sidecar: a line on stdout is not protocol ({Error}): {Line}")]
    private static partial void LogNotProtocol(ILogger logger, string error, string line);

    [LoggerMessage(LogLevel.Warning, "baileys sidecar: an answer matches no request: {Line}")]
    private static partial void LogUnmatched(ILogger logger, string line);

    [LoggerMessage(LogLevel.Warning, "baileys sidecar: reading its output failed: {Error}")]
    private static partial void LogReadFailed(ILogger logger, string error);

    [LoggerMessage(LogLevel.Error, "baileys sidecar: handling signal {Signal} failed: {Error}")]
    private static partial void LogHandlerFailed(ILogger logger, string signal, string error);
}

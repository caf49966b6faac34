using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Evostream.Connector.Drivers.Baileys.Hosting;

/// <summary>
/// The replica's one sidecar, supervised: started on first use, restarted when it dies (with a growing pause),
/// after which every session it hosted is opened again from its latest auth state. Disposing it ends the process.
/// </summary>
public sealed partial class BaileysSidecar(BaileysOptions options, ILogger<BaileysSidecar> logger) : IAsyncDisposable
{
    private static readonly TimeSpan s_maxPause = TimeSpan.FromSeconds(10);
    private readonly SemaphoreSlim _startGate = new(1, 1);
    private readonly ConcurrentDictionary<string, ISidecarClient> _clients = new();
    private readonly CancellationTokenSource _stopping = new();
    private SidecarProcess? _current;
    private int _restarts;

    public BaileysOptions Options => options;

    /// <summary>The running sidecar's process id, or null before the first start.</summary>
    public int? ProcessId => _current is { Exited.IsCompleted: false } current ? current.ProcessId : null;

    /// <summary>How many times a dead sidecar was replaced.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>Routes a session's signals to <paramref name="client"/> and resumes it after a restart.</summary>
    internal bool Register(string session, ISidecarClient client) => _clients.TryAdd(session, client);

    internal void Unregister(string session, ISidecarClient client) => _clients.TryRemove(new KeyValuePair<string, ISidecarClient>(session, client));

    /// <inheritdoc cref="SidecarProcess.RequestAsync"/>
    public async Task<JsonObject> RequestAsync(string op, JsonObject args, CancellationToken ct, TimeSpan? timeout = null)
    {
        var process = await RunningAsync(ct);
        return await process.RequestAsync(op, args, timeout ?? options.RequestTimeout, ct);
    }

    private async Task<SidecarProcess> RunningAsync(CancellationToken ct)
    {
        if (_current is { Exited.IsCompleted: false } running)
        {
            return running;
        }

        await _startGate.WaitAsync(ct);
        try
        {
            ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
            if (_current is { Exited.IsCompleted: false } started)
            {
                return started;
            }

            var process = await SidecarProcess.StartAsync(options, logger, ct);
            process.SignalReceived += Route;
            _current = process;
            LogStarted(logger, process.ProcessId, options.SidecarDirectory);
            _ = WatchAsync(process);
            return process;
        }
        finally
        {
            _startGate.Release();
        }
    }

    private void Route(string session, string signal, JsonObject data)
    {
        if (_clients.TryGetValue(session, out var client))
        {
            client.OnSignal(signal, data);
        }
    }

    private async Task WatchAsync(SidecarProcess process)
    {
        await process.Exited;
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        LogDied(logger, process.ProcessId, _clients.Count);
        var pause = TimeSpan.FromMilliseconds(200);
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(pause, _stopping.Token);
                await RunningAsync(_stopping.Token);
                Interlocked.Increment(ref _restarts);
                break;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                LogRestartFailed(logger, e.Message);
                pause = TimeSpan.FromTicks(Math.Min(s_maxPause.Ticks, pause.Ticks * 2));
            }
        }

        foreach (var client in _clients.Values)
        {
            try
            {
                await client.ResumeAsync(_stopping.Token);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogResumeFailed(logger, e.Message);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _startGate.WaitAsync();
        try
        {
            if (_current is { } process)
            {
                await process.DisposeAsync();
                _current = null;
            }
        }
        finally
        {
            _startGate.Release();
        }

        _stopping.Dispose();
    }

    [LoggerMessage(LogLevel.Information, "baileys: sidecar started (pid {Pid}, {Directory})")]
    private static partial void LogStarted(ILogger logger, int pid, string directory);

    [LoggerMessage(LogLevel.Warning, "baileys: sidecar pid {Pid} died; restarting it and resuming {Sessions} sessions")]
    private static partial void LogDied(ILogger logger, int pid, int sessions);

    [LoggerMessage(LogLevel.Error, "baileys: the sidecar could not be restarted: {Error}")]
    private static partial void LogRestartFailed(ILogger logger, string error);

    [LoggerMessage(LogLevel.Error, "baileys: a session could not be resumed after a sidecar restart: {Error}")]
    private static partial void LogResumeFailed(ILogger logger, string error);
}

/// <summary>What a session offers the supervisor.</summary>
internal interface ISidecarClient
{
    void OnSignal(string signal, JsonObject data);

    /// <summary>Opens the session again in a new sidecar, from its latest auth state.</summary>
    Task ResumeAsync(CancellationToken ct);
}

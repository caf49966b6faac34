using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.WebUtilities;

namespace Evostream.Api.Streaming.SocketIo;

/// <summary>The Engine.IO sessions this Api process holds, by sid. A session lives on the replica that opened it.</summary>
public sealed class EngineSessions
{
    private readonly ConcurrentDictionary<string, EngineSession> _sessions = new(StringComparer.Ordinal);

    public EngineSession Open(StreamGate gate, string? key, string? since, ILogger log)
    {
        var session = new EngineSession(WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(15)), gate, key, since, this, log);
        _sessions[session.Id] = session;
        return session;
    }

    public EngineSession? Find(string sid) => _sessions.GetValueOrDefault(sid);

    internal void Forget(EngineSession session) => _sessions.TryRemove(session.Id, out _);

    public int Count => _sessions.Count;
}

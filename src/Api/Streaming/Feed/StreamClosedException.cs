namespace Evostream.Api.Streaming.Feed;

/// <summary>The server ended a stream; <see cref="Exception.Message"/> is the reason the client is told.</summary>
public sealed class StreamClosedException : Exception
{
    public StreamClosedException()
    {
    }

    public StreamClosedException(string message) : base(message)
    {
    }

    public StreamClosedException(string message, Exception inner) : base(message, inner)
    {
    }
}

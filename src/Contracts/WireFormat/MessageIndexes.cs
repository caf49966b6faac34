using Google.Protobuf.Reflection;

namespace Evostream.Contracts.WireFormat;

/// <summary>
/// A message's position inside its .proto file, as the wire format names it: the index among the file's
/// top-level messages, then the index among each enclosing message's nested messages.
/// </summary>
public static class MessageIndexes
{
    public static int[] Of(MessageDescriptor message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var path = new List<int>();
        for (var current = message; current is not null; current = current.ContainingType)
        {
            var siblings = current.ContainingType?.NestedTypes ?? current.File.MessageTypes;
            var index = siblings.IndexOf(current);
            path.Add(index >= 0 ? index : throw new InvalidOperationException($"{current.FullName} is not among the messages that declare it."));
        }

        path.Reverse();
        return [.. path];
    }

    /// <summary>The message that <paramref name="indexes"/> names in <paramref name="file"/>.</summary>
    public static MessageDescriptor Resolve(FileDescriptor file, IReadOnlyList<int> indexes)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(indexes);
        if (indexes.Count == 0)
        {
            throw new WireFormatException(WireFormatError.BadMessageIndexes, "The message-index path is empty.");
        }

        MessageDescriptor? current = null;
        for (var depth = 0; depth < indexes.Count; depth++)
        {
            var candidates = current?.NestedTypes ?? file.MessageTypes;
            var index = indexes[depth];
            if (index < 0 || index >= candidates.Count)
            {
                var scope = current is null ? $"{file.Name} has {candidates.Count} top-level messages" : $"{current.FullName} has {candidates.Count} nested messages";
                throw new WireFormatException(WireFormatError.IndexOutOfRange,
                    $"Message index {index} at depth {depth} of [{string.Join(", ", indexes)}] is out of range: {scope}.");
            }

            current = candidates[index];
        }

        return current!;
    }
}

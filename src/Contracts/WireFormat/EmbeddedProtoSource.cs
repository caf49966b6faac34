using System.Collections.Concurrent;
using System.Reflection;

using Google.Protobuf.Reflection;

namespace Evostream.Contracts.WireFormat;

/// <summary>
/// The .proto text behind a compiled descriptor, which Schema Registry needs. Projects embed their .proto files
/// with LogicalName = the path <see cref="FileDescriptor.Name"/> reports (relative to the proto root); the
/// Contracts assembly also embeds protoc's well-known types (google/protobuf/*.proto).
/// </summary>
public static class EmbeddedProtoSource
{
    private static readonly ConcurrentDictionary<string, string> s_texts = new(StringComparer.Ordinal);

    public static string For(FileDescriptor file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return s_texts.GetOrAdd(file.Name, _ => Load(file));
    }

    private static string Load(FileDescriptor file)
    {
        foreach (var assembly in CandidateAssemblies(file))
        {
            using var stream = assembly.GetManifestResourceStream(file.Name);
            if (stream is not null)
            {
                using var reader = new StreamReader(stream);
                return reader.ReadToEnd();
            }
        }

        throw new InvalidOperationException(
            $"No embedded .proto source named '{file.Name}'. Embed it in the assembly that compiles it: " +
            $"<EmbeddedResource Include=\"...\" LogicalName=\"{file.Name}\" />.");
    }

    // The assembly holding a file's generated types is the one whose project compiled (and embeds) the file.
    private static IEnumerable<Assembly> CandidateAssemblies(FileDescriptor file) =>
        file.MessageTypes.Select(m => m.ClrType?.Assembly)
            .Concat(file.EnumTypes.Select(e => e.ClrType?.Assembly))
            .Append(typeof(EmbeddedProtoSource).Assembly)
            .OfType<Assembly>()
            .Distinct();
}

using Google.Protobuf.Reflection;

namespace Evostream.Contracts.WireFormat;

/// <summary>
/// Builds the registry form of a .proto file. Every import is registered first under a subject named after
/// its path (Confluent's default ReferenceSubjectNameStrategy), recursively, and referenced by that subject's version.
/// </summary>
internal static class ProtobufRegistration
{
    public static async Task<RegistrySchema> SchemaWithReferencesAsync(SchemaRegistryClient registry, FileDescriptor file, CancellationToken cancellationToken)
    {
        var references = new List<SchemaReference>(file.Dependencies.Count);
        foreach (var dependency in file.Dependencies)
        {
            var schema = await SchemaWithReferencesAsync(registry, dependency, cancellationToken);
            await registry.RegisterAsync(dependency.Name, schema, cancellationToken);
            var registered = await registry.LookupAsync(dependency.Name, schema, cancellationToken);
            references.Add(new SchemaReference(dependency.Name, registered.Subject, registered.Version));
        }

        return new RegistrySchema(EmbeddedProtoSource.For(file), RegistrySchema.Protobuf, references);
    }
}

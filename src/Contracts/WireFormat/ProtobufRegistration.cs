using Confluent.SchemaRegistry;

using Google.Protobuf.Reflection;

namespace Evostream.Contracts.WireFormat;

/// <summary>
/// Builds the registry form of a .proto file. Every import is registered first under a subject named after
/// its path (Confluent's default ReferenceSubjectNameStrategy), recursively, and referenced by that subject's version.
/// </summary>
internal static class ProtobufRegistration
{
    public static async Task<Schema> SchemaWithReferencesAsync(ISchemaRegistryClient registry, FileDescriptor file, CancellationToken cancellationToken)
    {
        var references = new List<SchemaReference>(file.Dependencies.Count);
        foreach (var dependency in file.Dependencies)
        {
            var schema = await SchemaWithReferencesAsync(registry, dependency, cancellationToken);
            await registry.RegisterSchemaAsync(dependency.Name, schema).WaitAsync(cancellationToken);
            // Registering answers only the id on registries before Confluent Platform 8; a lookup gives the version.
            var registered = await registry.LookupSchemaAsync(dependency.Name, schema, ignoreDeletedSchemas: true).WaitAsync(cancellationToken);
            references.Add(new SchemaReference(dependency.Name, registered.Subject, registered.Version));
        }

        return new Schema(EmbeddedProtoSource.For(file), references, SchemaType.Protobuf);
    }
}

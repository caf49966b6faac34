namespace Evostream.Contracts.WireFormat;

/// <summary>A schema as Schema Registry stores it: the text, its type, and the schemas it imports.</summary>
public sealed record RegistrySchema(string Schema, string SchemaType, IReadOnlyList<SchemaReference> References)
{
    public const string Protobuf = "PROTOBUF";

    // Value equality over the references too (a record compares lists by reference), so schemas can key caches.
    public bool Equals(RegistrySchema? other) =>
        other is not null && Schema == other.Schema && SchemaType == other.SchemaType && References.SequenceEqual(other.References);

    public override int GetHashCode() => HashCode.Combine(Schema, SchemaType, References.Count);
}

/// <summary>An import (<see cref="Name"/>, as written in the importing file) resolved to a registered subject version.</summary>
public sealed record SchemaReference(string Name, string Subject, int Version);

/// <summary>A schema's identity under one subject.</summary>
public sealed record RegisteredSchema(string Subject, int Id, int Version);

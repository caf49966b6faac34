using System.Text.Json.Serialization;

namespace Evostream.Contracts.WireFormat;

internal sealed record RegisterResponse(int Id);

internal sealed record LookupResponse(string Subject, int Id, int Version);

// The registry omits schemaType for Avro, its original and default type, and references when there are none.
internal sealed record SchemaByIdResponse(string Schema, string? SchemaType, IReadOnlyList<SchemaReference>? References);

internal sealed record RegistryError([property: JsonPropertyName("error_code")] int? ErrorCode, string? Message);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RegistrySchema))]
[JsonSerializable(typeof(RegisterResponse))]
[JsonSerializable(typeof(LookupResponse))]
[JsonSerializable(typeof(SchemaByIdResponse))]
[JsonSerializable(typeof(RegistryError))]
internal sealed partial class SchemaRegistryJson : JsonSerializerContext;

using System.Net;

namespace Evostream.Contracts.WireFormat;

/// <summary>Schema Registry answered with an error; <see cref="ErrorCode"/> is its own code (40403: schema not found...).</summary>
public sealed class SchemaRegistryException(string request, HttpStatusCode status, int? errorCode, string registryMessage)
    : Exception($"Schema Registry {request} failed: HTTP {(int)status} {status}" + (errorCode is null ? "" : $", error_code {errorCode}") + $": {registryMessage}")
{
    public HttpStatusCode Status { get; } = status;

    public int? ErrorCode { get; } = errorCode;

    public string RegistryMessage { get; } = registryMessage;
}

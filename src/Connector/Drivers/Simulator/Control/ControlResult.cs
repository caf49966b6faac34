namespace Evostream.Connector.Drivers.Simulator.Control;

/// <summary>The answer of a control action: a value, or an error naming what is wrong and the HTTP status it maps to.</summary>
public sealed record ControlResult(bool Ok, string? Error, int Status, object? Value)
{
    public static ControlResult Success(object? value = null) => new(true, null, 200, value);

    public static ControlResult BadInput(string error) => new(false, error, 400, null);

    public static ControlResult NotFound(string error) => new(false, error, 404, null);

    public static ControlResult Conflict(string error) => new(false, error, 409, null);
}

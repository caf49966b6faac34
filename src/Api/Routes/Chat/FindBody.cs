using System.Text.Json;

namespace Evostream.Api.Routes.Chat;

/// <summary>
/// The JSON body of a find route (<c>{where:{...}, page, offset}</c>), read leniently like Evolution (absent or null
/// fields are no filter) but strictly about types: a wrong one is a 400 naming its path.
/// </summary>
public sealed class FindBody
{
    private readonly JsonElement _root;

    private FindBody(JsonElement root) => _root = root;

    public string? Error { get; private set; }

    public static FindBody Parse(ReadOnlyMemory<byte> body)
    {
        if (body.Span.Trim(" \t\r\n"u8).IsEmpty)
        {
            return new FindBody(default);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? new FindBody(document.RootElement.Clone())
                : new FindBody(default) { Error = "The body must be a JSON object." };
        }
        catch (JsonException e)
        {
            return new FindBody(default) { Error = $"The body is not valid JSON: {e.Message}" };
        }
    }

    public string? String(string path) => Get(path, JsonValueKind.String, "a string") is { } v ? v.GetString() : null;

    public bool? Bool(string path) => Get(path, JsonValueKind.True, "a boolean") is { } v ? v.GetBoolean() : null;

    public long? Long(string path)
    {
        var value = Get(path, JsonValueKind.Number, "a whole number");
        if (value is not { } v)
        {
            return null;
        }

        if (v.TryGetInt64(out var n))
        {
            return n;
        }

        Fail(path, "a whole number");
        return null;
    }

    private JsonElement? Get(string path, JsonValueKind kind, string expected)
    {
        if (Error is not null || _root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var current = _root;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current) || current.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
        }

        var matches = kind == JsonValueKind.True ? current.ValueKind is JsonValueKind.True or JsonValueKind.False : current.ValueKind == kind;
        // Clients written for Evolution often send numbers as strings (messageTimestamp): accept numeric strings.
        if (!matches && kind == JsonValueKind.Number && current.ValueKind == JsonValueKind.String && long.TryParse(current.GetString(), out var parsed))
        {
            using var number = JsonDocument.Parse(parsed.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return number.RootElement.Clone();
        }

        if (!matches)
        {
            Fail(path, expected);
            return null;
        }

        return current;
    }

    private void Fail(string path, string expected) => Error ??= $"'{path}' must be {expected}.";
}

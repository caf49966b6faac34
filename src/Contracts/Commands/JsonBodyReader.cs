using System.Text;
using System.Text.Json;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;

namespace Evostream.Contracts.Commands;

/// <summary>
/// Typed reads of one JSON command's fields that record the first problem instead of throwing: user input must never
/// throw, and after an error every read returns a default so the codec can finish without checking each step.
/// Tracks the path of the object being read, turned into text only when an error names it.
/// </summary>
/// <param name="command">The command being read; names the top-level object in unknown-field errors.</param>
internal sealed class JsonBodyReader(string command)
{
    private readonly List<(string? Name, int Index)> _path = [];

    public CommandJsonError? Error { get; private set; }

    public bool Failed => Error is not null;

    /// <summary>Descends into the object or array held by <paramref name="name"/> until the scope is disposed.</summary>
    public Scope Enter(string name)
    {
        _path.Add((name, -1));
        return new Scope(this);
    }

    /// <summary>Descends into item <paramref name="index"/> of the current array.</summary>
    public Scope Enter(int index)
    {
        _path.Add((null, index));
        return new Scope(this);
    }

    /// <summary>Records <paramref name="reason"/> against <paramref name="field"/> of the current object, unless an earlier error stands.</summary>
    public void Fail(string field, string reason) => Error ??= new CommandJsonError(PathTo(field), reason);

    /// <summary>Records <paramref name="reason"/> against the current object or array item itself.</summary>
    public void FailHere(string reason) => Error ??= new CommandJsonError(PathTo(null), reason);

    /// <summary>Refuses a property <paramref name="fields"/> does not declare, or one given twice.</summary>
    public void CheckFields(JsonElement obj, JsonFields fields)
    {
        var seen = 0UL;
        foreach (var property in obj.EnumerateObject())
        {
            var index = fields.IndexOf(property);
            if (index < 0)
            {
                Fail(property.Name, fields.Unknown(property.Name, _path.Count == 0 ? command : PathTo(null)));
                return;
            }

            var bit = 1UL << index;
            if ((seen & bit) != 0)
            {
                Fail(property.Name, "appears more than once");
                return;
            }

            seen |= bit;
        }
    }

    /// <summary>The value of <paramref name="name"/>; JSON null counts as absent, as when a client serialises an unset optional.</summary>
    public bool TryGet(JsonElement obj, string name, bool required, out JsonElement value)
    {
        if (!Failed && obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        if (required)
        {
            Fail(name, "is required");
        }

        return false;
    }

    public string String(JsonElement obj, string name, bool required = false) => OptionalString(obj, name, required) ?? "";

    public string? OptionalString(JsonElement obj, string name, bool required = false)
    {
        if (!TryGet(obj, name, required, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!;
        }

        Fail(name, "must be a string");
        return null;
    }

    public bool Bool(JsonElement obj, string name, bool required = false) => OptionalBool(obj, name, required) ?? false;

    public bool? OptionalBool(JsonElement obj, string name, bool required = false)
    {
        if (!TryGet(obj, name, required, out var value))
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                Fail(name, "must be true or false");
                return null;
        }
    }

    public uint UInt32(JsonElement obj, string name, bool required = false)
    {
        if (!TryGet(obj, name, required, out var value))
        {
            return 0;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt32(out var number))
        {
            return number;
        }

        Fail(name, "must be an integer from 0 to 4294967295");
        return 0;
    }

    public double Double(JsonElement obj, string name, bool required = false)
    {
        if (!TryGet(obj, name, required, out var value))
        {
            return 0;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number))
        {
            return number;
        }

        Fail(name, "must be a number");
        return 0;
    }

    /// <summary>An ISO-8601 instant. A time without a zone is refused: it names no instant, and guessing one shifts sends by hours.</summary>
    public Timestamp? Instant(JsonElement obj, string name)
    {
        if (!TryGet(obj, name, required: false, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String
            && value.TryGetDateTime(out var local) && local.Kind != DateTimeKind.Unspecified
            && value.TryGetDateTimeOffset(out var at))
        {
            return Timestamp.FromDateTimeOffset(at);
        }

        Fail(name, "must be an ISO-8601 instant with a time zone, such as 2024-03-04T10:30:00Z");
        return null;
    }

    public void Strings(JsonElement obj, string name, RepeatedField<string> into, bool required = false)
    {
        if (!TryGet(obj, name, required, out var value))
        {
            return;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Fail(name, "must be an array of strings");
            return;
        }

        using var array = Enter(name);
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                using var at = Enter(index);
                FailHere("must be a string");
                return;
            }

            into.Add(item.GetString()!);
            index++;
        }
    }

    /// <summary>A JSON object of strings, such as webhook headers: its keys are data, not field names.</summary>
    public void StringMap(JsonElement obj, string name, MapField<string, string> into)
    {
        if (!TryGet(obj, name, required: false, out var value))
        {
            return;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Fail(name, "must be an object of strings");
            return;
        }

        using var map = Enter(name);
        foreach (var property in value.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                Fail(property.Name, "must be a string");
                return;
            }

            if (!into.TryAdd(property.Name, property.Value.GetString()!))
            {
                Fail(property.Name, "appears more than once");
                return;
            }
        }
    }

    public T? Object<T>(JsonElement obj, string name, JsonFields fields, Func<JsonBodyReader, JsonElement, T> read, bool required = false)
        where T : class
    {
        if (!TryGet(obj, name, required, out var value))
        {
            return null;
        }

        using var scope = Enter(name);
        return ReadObject(value, fields, read);
    }

    public void Objects<T>(JsonElement obj, string name, JsonFields fields, RepeatedField<T> into, Func<JsonBodyReader, JsonElement, T> read, bool required = false)
        where T : class
    {
        if (!TryGet(obj, name, required, out var value))
        {
            return;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Fail(name, "must be an array");
            return;
        }

        using var array = Enter(name);
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            using var at = Enter(index++);
            if (ReadObject(item, fields, read) is not { } element || Failed)
            {
                return;
            }

            into.Add(element);
        }
    }

    private T? ReadObject<T>(JsonElement value, JsonFields fields, Func<JsonBodyReader, JsonElement, T> read)
        where T : class
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            FailHere("must be an object");
            return null;
        }

        CheckFields(value, fields);
        return Failed ? null : read(this, value);
    }

    private string PathTo(string? field)
    {
        var path = new StringBuilder();
        foreach (var (name, index) in _path)
        {
            if (name is null)
            {
                path.Append('[').Append(index).Append(']');
            }
            else
            {
                path.Append(path.Length == 0 ? "" : ".").Append(name);
            }
        }

        if (field is not null)
        {
            path.Append(path.Length == 0 ? "" : ".").Append(field);
        }

        return path.ToString();
    }

    public readonly ref struct Scope(JsonBodyReader reader)
    {
        public void Dispose() => reader._path.RemoveAt(reader._path.Count - 1);
    }
}

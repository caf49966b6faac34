using System.Text;
using System.Text.Json;

namespace Evostream.Contracts.Commands;

/// <summary>
/// The property names one JSON object of a command may hold, so a typo (<c>linkPrevew</c>) or a field Evostream does
/// not model is an error rather than silently ignored. Names are kept as UTF-8 too: checking a property is a byte
/// comparison, with no string made for it unless it is wrong.
/// </summary>
internal sealed class JsonFields
{
    private readonly string[] _names;
    private readonly byte[][] _utf8;

    public JsonFields(params string[] names)
    {
        // Seen fields are tracked in one ulong per object.
        if (names.Length > 64)
        {
            throw new ArgumentException("An object may declare at most 64 fields.", nameof(names));
        }

        _names = names;
        _utf8 = [.. names.Select(Encoding.UTF8.GetBytes)];
    }

    public static JsonFields None { get; } = new();

    public IReadOnlyList<string> Names => _names;

    public JsonFields And(JsonFields other) => new([.. _names, .. other._names]);

    public int IndexOf(JsonProperty property)
    {
        for (var i = 0; i < _utf8.Length; i++)
        {
            if (property.NameEquals(_utf8[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Why <paramref name="unknown"/> is not a field of <paramref name="owner"/>, with the likely intended name.</summary>
    public string Unknown(string unknown, string owner)
    {
        var closest = _names.MinBy(name => Distance(unknown, name))!;
        return Distance(unknown, closest) <= 2
            ? $"is not a field of {owner} (did you mean '{closest}'?)"
            : $"is not a field of {owner}; expected one of: {string.Join(", ", _names)}";
    }

    // Case-insensitive Levenshtein distance: only computed for a field that is already an error.
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var same = char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 1]);
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (same ? 0 : 1));
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}

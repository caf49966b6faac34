using System.Text;
using System.Text.Json.Nodes;

namespace Evostream.Tests.Contracts.Evolution;

/// <summary>
/// Random alterations of a well-formed event body, mostly inside <c>data</c>: values swapped for values of other
/// JSON types or other spellings, keys renamed to their proto names or unknown ones, keys dropped.
/// </summary>
public static class BodyMutations
{
    private static readonly string[] s_values =
    [
        "null", "true", "false", "0", "-0", "1", "-1", "1.5", "1e3", "1.0", "4294967296", "-2147483649", "18446744073709551615",
        "9007199254740993", "1e999", "\"\"", "\"x\"", "\"1\"", "\"1e3\"", "\"-0\"", "\"01\"", "\"+1\"", "\"1.5\"", "\"NaN\"",
        "\"Infinity\"", "\"-Infinity\"", "\"infinity\"", "\"18446744073709551616\"", "\"2024-03-04T10:30:00Z\"",
        "\"2024-03-04T10:30:00.5+01:00\"", "\"2024-13-04T10:30:00Z\"", "[]", "[null]", "[1]", "[\"a\"]", "[{}]", "{}",
        "{\"a\":1}", "{\"a\":{}}", "{\"a\":null}", "{\"conversation\":\"x\"}",
    ];

    public static void Alter(JsonObject body, Random random)
    {
        var slots = new List<(JsonNode Parent, string? Key, int Index)>();
        if (body["data"] is { } data)
        {
            Collect(data, slots);
        }

        if (slots.Count == 0 || random.Next(8) == 0)
        {
            // The body's own keys.
            var key = body.Select(p => p.Key).ElementAt(random.Next(body.Count));
            if (random.Next(3) == 0)
            {
                body.Remove(key);
            }
            else
            {
                body[key] = JsonNode.Parse(s_values[random.Next(s_values.Length)]);
            }

            return;
        }

        var (parent, name, index) = slots[random.Next(slots.Count)];
        switch (random.Next(5))
        {
            case 0 when name is not null:
                var obj = parent.AsObject();
                var value = obj[name];
                obj.Remove(name);
                obj[random.Next(2) == 0 ? SnakeCase(name) : name + "X"] = value;
                break;
            case 1 when name is not null:
                parent.AsObject().Remove(name);
                break;
            default:
                var replacement = JsonNode.Parse(s_values[random.Next(s_values.Length)]);
                if (name is not null)
                {
                    parent[name] = replacement;
                }
                else
                {
                    parent[index] = replacement;
                }

                break;
        }
    }

    private static void Collect(JsonNode node, List<(JsonNode, string?, int)> slots)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    slots.Add((obj, key, -1));
                    if (value is not null)
                    {
                        Collect(value, slots);
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    slots.Add((array, null, i));
                    if (array[i] is { } item)
                    {
                        Collect(item, slots);
                    }
                }

                break;
        }
    }

    private static string SnakeCase(string name)
    {
        var text = new StringBuilder();
        foreach (var c in name)
        {
            text.Append(char.IsAsciiLetterUpper(c) ? "_" + char.ToLowerInvariant(c) : c);
        }

        return text.ToString();
    }
}

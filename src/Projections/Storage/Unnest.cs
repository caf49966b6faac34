using Npgsql;
using NpgsqlTypes;

namespace Evostream.Projections.Storage;

/// <summary>
/// Builds one set-based statement from many rows: each column travels as one array parameter and
/// <c>unnest(...)</c> turns the arrays back into rows, so a batch costs one round trip per table, not per row.
/// </summary>
internal sealed class Unnest<T>(IReadOnlyCollection<T> rows)
{
    private readonly List<(string Name, string Select, NpgsqlParameter Parameter)> _columns = [];

    public Unnest<T> Text(string name, Func<T, string?> get) => Add(name, name, NpgsqlDbType.Text, rows.Select(get).ToArray());

    public Unnest<T> Json(string name, Func<T, string?> get) => Add(name, name + "::jsonb", NpgsqlDbType.Text, rows.Select(get).ToArray());

    /// <summary>A JSON array of strings in, a text[] column out (unnest cannot carry arrays of arrays).</summary>
    public Unnest<T> TextList(string name, Func<T, string> get) =>
        Add(name, $"ARRAY(SELECT jsonb_array_elements_text({name}::jsonb))", NpgsqlDbType.Text, rows.Select(get).ToArray());

    public Unnest<T> Bool(string name, Func<T, bool> get) => Add(name, name, NpgsqlDbType.Boolean, rows.Select(get).ToArray());

    public Unnest<T> Short(string name, Func<T, short> get) => Add(name, name, NpgsqlDbType.Smallint, rows.Select(get).ToArray());

    public Unnest<T> Int(string name, Func<T, int?> get) => Add(name, name, NpgsqlDbType.Integer, rows.Select(get).ToArray());

    /// <summary>An int column whose missing values take <paramref name="orElse"/>, as the column default would on an insert that left it out.</summary>
    public Unnest<T> Int(string name, Func<T, int?> get, int orElse) =>
        Add(name, $"coalesce({name}, {orElse.ToString(System.Globalization.CultureInfo.InvariantCulture)})", NpgsqlDbType.Integer, rows.Select(get).ToArray());

    public Unnest<T> Long(string name, Func<T, long?> get) => Add(name, name, NpgsqlDbType.Bigint, rows.Select(get).ToArray());

    public Unnest<T> Time(string name, Func<T, DateTime?> get) => Add(name, name, NpgsqlDbType.TimestampTz, rows.Select(get).ToArray());

    /// <summary><c>INSERT INTO table (cols) SELECT ... FROM unnest(...) u(cols) {tail}</c>.</summary>
    public NpgsqlBatchCommand Insert(string table, string tail)
    {
        var names = string.Join(", ", _columns.Select(c => Quote(c.Name)));
        var selects = string.Join(", ", _columns.Select(c => c.Select == c.Name ? Quote(c.Name) : c.Select));
        var arrays = string.Join(", ", _columns.Select(c => "@" + c.Parameter.ParameterName));
        var command = new NpgsqlBatchCommand($"INSERT INTO {table} AS t ({names}) SELECT {selects} FROM unnest({arrays}) AS u({names}) {tail}");
        foreach (var column in _columns)
        {
            command.Parameters.Add(column.Parameter);
        }

        return command;
    }

    private static string Quote(string name) => name is "offset" or "desc" or "restrict" ? $"\"{name}\"" : name;

    private Unnest<T> Add(string name, string select, NpgsqlDbType type, object values)
    {
        var parameter = new NpgsqlParameter("p" + _columns.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), NpgsqlDbType.Array | type) { Value = values };
        _columns.Add((name, select, parameter));
        return this;
    }
}

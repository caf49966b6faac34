using System.Globalization;
using System.Reflection;

namespace Evostream.Projections.Migrations;

/// <summary>The migration scripts built into this assembly, in order.</summary>
public static class MigrationScripts
{
    private const string Prefix = "Evostream.Projections.Migrations.";

    public static IReadOnlyList<Migration> All { get; } = Load(typeof(MigrationScripts).Assembly, Prefix);

    /// <summary>The scripts embedded in <paramref name="assembly"/> under <paramref name="prefix"/> (another schema's, such as the webhook delivery records).</summary>
    public static Migration[] Load(Assembly assembly, string prefix)
    {
        var scripts = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => Read(assembly, n, prefix))
            .OrderBy(m => m.Number)
            .ToArray();
        for (var i = 0; i < scripts.Length; i++)
        {
            // A gap or a repeat means two branches numbered scripts alike: refuse to guess the order.
            if (scripts[i].Number != i + 1)
            {
                throw new InvalidOperationException($"Migration scripts must be numbered 1, 2, 3... without gaps; found {scripts[i].Name} at position {i + 1}.");
            }
        }

        return scripts;
    }

    private static Migration Read(Assembly assembly, string resource, string prefix)
    {
        var name = resource[prefix.Length..^".sql".Length];
        var digits = name.Split('_', 2)[0];
        if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            throw new InvalidOperationException($"Migration script {name}.sql must start with its number, e.g. 0003_add_x.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return new Migration(number, name, reader.ReadToEnd());
    }
}

using System.Globalization;

namespace Evostream.Bench.Reporting;

internal static class Numbers
{
    public static string Format(double value) => double.IsNaN(value) ? "n/a"
        : Math.Abs(value) >= 100 ? value.ToString("#,0", CultureInfo.InvariantCulture)
        : value.ToString("0.##", CultureInfo.InvariantCulture);

    public static string Percent(double fraction) => (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %";
}

using System.Globalization;
using System.Text;
using Evostream.Bench.Measuring;

namespace Evostream.Bench.Reporting;

/// <summary>
/// A dependency-free SVG: ratios to baseline as bars (with the 0.5 target line), and any x/y series (growth from 1
/// to 10,000 instances) as log-x line charts beneath.
/// </summary>
public static class SvgChart
{
    private const int Width = 760;
    private const int BarHeight = 22;
    private const int Left = 300;

    public static string Render(IReadOnlyList<ScenarioResult> results)
    {
        var bars = results.SelectMany(r => r.Measurements.Where(m => m.Ratio is not null).Select(m => (Label: $"{r.Name}: {m.Metric}", Ratio: m.Ratio!.Value))).ToList();
        var series = results.SelectMany(r => r.Series ?? []).ToList();
        var barsHeight = 40 + (bars.Count * (BarHeight + 6));
        var height = barsHeight + (series.Count * 240) + 20;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{height}" font-family="sans-serif" font-size="12">""").AppendLine();
        svg.AppendLine("""<rect width="100%" height="100%" fill="white"/>""");
        svg.AppendLine("""<text x="10" y="20" font-size="14" font-weight="bold">Ratio to raw baseline (higher is better)</text>""");
        var max = Math.Max(1.2, bars.Count == 0 ? 1 : bars.Max(b => b.Ratio) * 1.1);
        double X(double ratio) => Left + (ratio / max * (Width - Left - 20));
        for (var i = 0; i < bars.Count; i++)
        {
            var y = 35 + (i * (BarHeight + 6));
            var (label, ratio) = bars[i];
            var color = ratio >= 0.5 ? "#3b7dd8" : "#d8553b";
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{Left - 8}" y="{y + 15}" text-anchor="end">{Escape(label)}</text><rect x="{Left}" y="{y}" width="{X(ratio) - Left:0.#}" height="{BarHeight}" fill="{color}"/><text x="{X(ratio) + 4:0.#}" y="{y + 15}">{ratio:0.00}</text>""").AppendLine();
        }

        foreach (var target in new[] { 0.5, 1.0 })
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{X(target):0.#}" y1="30" x2="{X(target):0.#}" y2="{barsHeight - 4}" stroke="#555" stroke-dasharray="4 3"/><text x="{X(target):0.#}" y="{barsHeight + 8}" text-anchor="middle" fill="#555">{target:0.0}</text>""").AppendLine();
        }

        var top = barsHeight + 20;
        foreach (var s in series)
        {
            Line(svg, s, top);
            top += 240;
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }

    private static void Line(StringBuilder svg, Series s, int top)
    {
        const int left = 80, w = Width - 120, h = 170;
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="10" y="{top}" font-size="14" font-weight="bold">{Escape(s.Name)}</text>""").AppendLine();
        if (s.Points.Count == 0)
        {
            return;
        }

        var xs = s.Points.Select(p => Math.Log10(Math.Max(1, p.X))).ToList();
        var (minX, maxX) = (xs.Min(), Math.Max(xs.Max(), xs.Min() + 1));
        var maxY = s.Points.Max(p => p.Y) * 1.1;
        double Px(double x) => left + ((Math.Log10(Math.Max(1, x)) - minX) / (maxX - minX) * w);
        double Py(double y) => top + 20 + h - (maxY <= 0 ? 0 : y / maxY * h);
        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{left}" y1="{top + 20 + h}" x2="{left + w}" y2="{top + 20 + h}" stroke="#000"/><line x1="{left}" y1="{top + 20}" x2="{left}" y2="{top + 20 + h}" stroke="#000"/>""").AppendLine();
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{left + (w / 2)}" y="{top + h + 50}" text-anchor="middle">{Escape(s.XLabel)} (log scale)</text><text x="15" y="{top + 20 + (h / 2)}" transform="rotate(-90 15 {top + 20 + (h / 2)})" text-anchor="middle">{Escape(s.YLabel)}</text>""").AppendLine();
        var points = string.Join(' ', s.Points.Select(p => $"{Px(p.X):0.#},{Py(p.Y):0.#}"));
        svg.Append(CultureInfo.InvariantCulture, $"""<polyline fill="none" stroke="#3b7dd8" stroke-width="2" points="{points}"/>""").AppendLine();
        foreach (var p in s.Points)
        {
            svg.Append(CultureInfo.InvariantCulture, $"""<circle cx="{Px(p.X):0.#}" cy="{Py(p.Y):0.#}" r="3" fill="#3b7dd8"/><text x="{Px(p.X):0.#}" y="{top + h + 35}" text-anchor="middle">{p.X:0}</text><text x="{Px(p.X) + 5:0.#}" y="{Py(p.Y) - 6:0.#}">{Numbers.Format(p.Y)}</text>""").AppendLine();
        }
    }

    private static string Escape(string text) => System.Security.SecurityElement.Escape(text) ?? "";
}

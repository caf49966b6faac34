using System.Globalization;
using Evostream.Projections.Rebuild;

namespace Evostream.Cli.Projections;

/// <summary>A one-line progress bar redrawn in place on a terminal; a plain line every few seconds otherwise.</summary>
internal sealed class ProgressPrinter(TextWriter output, bool terminal) : IProgress<RebuildProgress>
{
    private const int Width = 30;
    private TimeSpan _lastLine = TimeSpan.MinValue;
    private bool _drawn;

    public void Report(RebuildProgress value)
    {
        var fraction = value.Total > 0 ? Math.Min(1, (double)value.Events / value.Total) : 1;
        var eta = value.Remaining is { } r ? r.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture) : "--:--:--";
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{value.Events:N0}/{value.Total:N0} events  {value.EventsPerSecond:N0} events/s  ETA {eta}");
        if (terminal)
        {
            var filled = (int)(fraction * Width);
            output.Write($"\r[{new string('#', filled)}{new string('.', Width - filled)}] {fraction * 100,5:F1}%  {text}   ");
            _drawn = true;
        }
        else if (value.Elapsed - _lastLine >= TimeSpan.FromSeconds(5) || value.Events >= value.Total)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rebuild: {fraction * 100:F1}%  {text}"));
            _lastLine = value.Elapsed;
        }
    }

    public void Finish()
    {
        if (_drawn)
        {
            output.WriteLine();
            _drawn = false;
        }
    }
}

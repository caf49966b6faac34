namespace Evostream.Bench.Measuring;

/// <summary>Runs a measurement after warm-ups, several times, alternating subject and baseline so drift hits both alike.</summary>
public static class Runs
{
    public static async Task<(Samples Subject, Samples Baseline)> PairedAsync(Profile profile, Func<int, Task<double>> subject, Func<int, Task<double>> baseline)
    {
        for (var w = 0; w < profile.WarmUps; w++)
        {
            await baseline(-1 - w);
            await subject(-1 - w);
        }

        var s = new List<double>();
        var b = new List<double>();
        for (var run = 0; run < profile.Runs; run++)
        {
            b.Add(await baseline(run));
            s.Add(await subject(run));
        }

        return (new Samples(s), new Samples(b));
    }

    public static async Task<Samples> RepeatedAsync(Profile profile, Func<int, Task<double>> measure)
    {
        for (var w = 0; w < profile.WarmUps; w++)
        {
            await measure(-1 - w);
        }

        var values = new List<double>();
        for (var run = 0; run < profile.Runs; run++)
        {
            values.Add(await measure(run));
        }

        return new Samples(values);
    }
}

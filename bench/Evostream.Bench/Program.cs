using System.Runtime.InteropServices;
using Evostream.Bench;
using Evostream.Bench.Measuring;
using Evostream.Bench.Reporting;
using Evostream.Bench.Scenarios;

// ./evostream bench [--profile quick|full] [--only loop,copy]: every scenario on a fresh embedded Kafka cluster (one
// private PostgreSQL serves them all), each against its raw baseline measured in the same run. Reports go to
// bench/results/; a whole run updates BENCHMARKS.md.
var repo = Environment.CurrentDirectory;
BenchOptions options;
try
{
    options = BenchOptions.Parse(args, repo);
}
catch (ArgumentException e)
{
    await Console.Error.WriteLineAsync($"evostream bench: {e.Message}\n{BenchOptions.Usage}");
    return 2;
}

using var cts = new CancellationTokenSource();

// Ctrl-C and SIGTERM end the run. The pipeline hosts inside ignore signals (BenchHostLifetime): one that stopped its
// services on SIGTERM left the bench waiting for records that would never come.
void Stop(PosixSignalContext signal)
{
    signal.Cancel = true;
    cts.Cancel();
}

using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
var machine = Machine.Describe(repo);
var when = DateTimeOffset.UtcNow;
Console.WriteLine($"profile {options.Profile.Name} on {machine.Cores} cores, commit {machine.Commit}");

var results = new List<ScenarioResult>();
var failures = new List<string>();
await using (var stack = await BenchStack.StartAsync(cts.Token))
{
    foreach (var scenario in ScenarioCatalog.All.Where(s => options.Only.Count == 0 || options.Only.Contains(s.Name)))
    {
        Console.WriteLine($"running {scenario.Name}...");
        ScenarioResult result;
        try
        {
            result = await scenario.RunAsync(stack, options.Profile, cts.Token);
        }
        catch (Exception e) when (!cts.IsCancellationRequested)
        {
            // One failed scenario must not throw away the others' numbers: it is reported, and the run fails.
            failures.Add($"{scenario.Name}: {e.GetType().Name}: {e.Message}");
            await Console.Error.WriteLineAsync($"  {scenario.Name} FAILED: {e}");
            continue;
        }

        foreach (var m in result.Measurements)
        {
            Console.WriteLine($"  {result.Name} {m.Metric}: {Numbers.Format(m.Subject.Median)} {m.Unit}" + (m.Ratio is { } r ? $" (ratio to {m.BaselineName}: {r:0.00})" : ""));
        }

        results.Add(result);
    }
}

var folder = Path.Combine(repo, "bench", "results");
Directory.CreateDirectory(folder);
var stamp = $"{when:yyyyMMdd-HHmmss}-{options.Profile.Name}";
var svg = SvgChart.Render(results);
await File.WriteAllTextAsync(Path.Combine(folder, stamp + ".svg"), svg);
await File.WriteAllTextAsync(Path.Combine(folder, stamp + ".json"), JsonReport.Render(results, machine, options.Profile, when));
await File.WriteAllTextAsync(Path.Combine(folder, stamp + ".md"), MarkdownReport.Render(results, machine, options.Profile, when, stamp + ".svg", failures));
Console.WriteLine($"wrote bench/results/{stamp}.md, .json and .svg");
if (failures.Count > 0)
{
    await Console.Error.WriteLineAsync($"{failures.Count} scenario(s) failed; BENCHMARKS.md is left as it was:\n  " + string.Join("\n  ", failures));
    return 1;
}

if (options.UpdateBenchmarksFile)
{
    await File.WriteAllTextAsync(Path.Combine(repo, "bench", "BENCHMARKS.svg"), svg);
    await File.WriteAllTextAsync(Path.Combine(repo, "BENCHMARKS.md"), MarkdownReport.Render(results, machine, options.Profile, when, "bench/BENCHMARKS.svg"));
    Console.WriteLine("updated BENCHMARKS.md and bench/BENCHMARKS.svg");
}

return 0;

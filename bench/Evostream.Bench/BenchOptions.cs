using Evostream.Bench.Measuring;
using Evostream.Bench.Scenarios;

namespace Evostream.Bench;

/// <param name="Only">Scenario names to run; empty runs them all.</param>
/// <param name="UpdateBenchmarksFile">Whether BENCHMARKS.md is rewritten (a partial run leaves it alone).</param>
public sealed record BenchOptions(Profile Profile, IReadOnlySet<string> Only, string Repo, bool UpdateBenchmarksFile)
{
    public const string Usage = "usage: evostream bench [--profile quick|full] [--only <scenario>[,<scenario>...]]";

    /// <summary>Parses the command line; a bad argument is an error naming it and listing what is accepted.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args, string repo)
    {
        var profile = Profile.Quick;
        var only = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--profile" when i + 1 < args.Count:
                    profile = Profile.Named(args[++i]) ?? throw new ArgumentException($"--profile '{args[i]}' is not a profile; use quick or full.");
                    break;
                case "--only" when i + 1 < args.Count:
                    foreach (var name in args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        only.Add(ScenarioCatalog.All.Any(s => s.Name == name)
                            ? name
                            : throw new ArgumentException($"--only '{name}' is not a scenario; the scenarios are {string.Join(", ", ScenarioCatalog.All.Select(s => s.Name))}."));
                    }

                    break;
                case "--profile" or "--only":
                    throw new ArgumentException($"{args[i]} needs a value.");
                default:
                    throw new ArgumentException($"'{args[i]}' is not an option.");
            }
        }

        return new BenchOptions(profile, only, repo, UpdateBenchmarksFile: only.Count == 0);
    }
}

namespace Evostream.Tests.Deployment;

/// <summary>The repository the tests were built from: the nearest folder above the test binaries that holds Evostream.slnx.</summary>
internal static class RepoRoot
{
    public static readonly string Path = Find();

    public static string File(string relative) => System.IO.Path.Combine(Path, relative);

    public static string Read(string relative) => System.IO.File.ReadAllText(File(relative));

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Evostream.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Evostream.slnx above {AppContext.BaseDirectory}.");
    }
}

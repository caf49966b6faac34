namespace Evostream.Tests.Infrastructure;

/// <summary>The checkout the tests were built from, for tests that read committed files (schemas, compose, catalog).</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    public static string File(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public static string Read(params string[] parts) => System.IO.File.ReadAllText(File(parts));

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(dir.FullName, "Evostream.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Evostream.slnx not found above " + AppContext.BaseDirectory);
    }
}

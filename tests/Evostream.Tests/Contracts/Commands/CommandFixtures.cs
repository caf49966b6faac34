using Evostream.Contracts.Commands;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Contracts.Commands;

/// <summary>
/// The JSON command fixtures: one file per command kind, named after the command, holding the canonical JSON the
/// writer emits (compact, one line). The file's final newline is the editor's, not part of the command.
/// </summary>
public static class CommandFixtures
{
    public static string Folder { get; } = RepoRoot.File("tests", "Evostream.Tests", "Contracts", "Commands", "Fixtures");

    public static TheoryData<string> Names => new(CommandNames.All);

    public static string PathOf(string command) => Path.Combine(Folder, command + ".json");

    public static byte[] Read(string command)
    {
        var bytes = File.ReadAllBytes(PathOf(command));
        return bytes is [.., (byte)'\n'] ? bytes[..^1] : bytes;
    }
}

using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Contracts.Evolution;

/// <summary>
/// <c>Golden/&lt;event&gt;.json</c>: written by hand from Evolution's reference, the exact body Evostream must write
/// for <see cref="EventSamples.For"/> of that event. Each file is one line; the single trailing newline the
/// repository's .editorconfig asks for is not part of the body.
/// </summary>
public static class GoldenFiles
{
    public static string Folder { get; } = RepoRoot.File("tests", "Evostream.Tests", "Contracts", "Evolution", "Golden");

    public static byte[] Bytes(string eventName)
    {
        var bytes = File.ReadAllBytes(Path.Combine(Folder, eventName + ".json"));
        return bytes is [.. var body, (byte)'\n'] ? body : bytes;
    }
}

using System.Text;
using Evostream.Contracts.Evolution;

namespace Evostream.Tests.Contracts.Evolution;

/// <summary>The writer and reader against the <see cref="GoldenFiles"/>, byte for byte.</summary>
public class GoldenFileTests
{
    [Theory]
    [MemberData(nameof(EventSamples.Names), MemberType = typeof(EventSamples))]
    public void The_writer_produces_the_golden_bytes(string name)
    {
        var written = EvolutionJson.Write(EventSamples.For(name), EventSamples.ServerUrl, apiKey: null);
        AssertSameBytes(GoldenFiles.Bytes(name), written);
    }

    [Theory]
    [MemberData(nameof(EventSamples.Names), MemberType = typeof(EventSamples))]
    public void Each_golden_file_reads_back_into_its_sample_and_rewrites_to_the_same_bytes(string name)
    {
        var sample = EventSamples.For(name);
        var golden = GoldenFiles.Bytes(name);

        // Event id and causation travel in headers, not in the body.
        var read = EvolutionJson.Read(golden, sample.EventId, sample.CausationCommandId);

        Assert.Equal(sample, read);
        AssertSameBytes(golden, EvolutionJson.Write(read, EventSamples.ServerUrl));
    }

    [Fact]
    public void Every_event_name_has_a_golden_file_and_every_golden_file_an_event_name()
    {
        var files = Directory.GetFiles(GoldenFiles.Folder).Select(Path.GetFileName).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var expected = EvolutionEvents.All.Select(name => name + ".json").ToHashSet(StringComparer.Ordinal);

        Assert.Empty(expected.Except(files));
        Assert.Empty(files.Except(expected));
    }

    // Strings first for a readable diff; then bytes, which the strings could hide behind decoding.
    private static void AssertSameBytes(byte[] expected, byte[] actual)
    {
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
        Assert.Equal(expected, actual);
    }
}

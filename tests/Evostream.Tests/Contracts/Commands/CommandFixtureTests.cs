using System.Text;
using System.Text.RegularExpressions;
using Evostream.Contracts.Commands;
using Evostream.Contracts.V1;
using Evostream.Tests.Infrastructure;
using Google.Protobuf;

namespace Evostream.Tests.Contracts.Commands;

public partial class CommandFixtureTests
{
    [Fact]
    public void Every_command_kind_has_a_name_a_fixture_and_an_expected_envelope()
    {
        var kinds = CommandEnvelope.Descriptor.Oneofs.Single(o => o.Name == "command").Fields
            .Select(f => (CommandEnvelope.CommandOneofCase)f.FieldNumber).ToList();
        var names = kinds.Select(CommandNames.NameOf).ToList();

        Assert.Equal(names, CommandNames.All);
        Assert.All(names, name => Assert.True(File.Exists(CommandFixtures.PathOf(name)), $"no fixture {name}.json"));
        Assert.All(names, name => Assert.True(ExpectedCommands.ByName.ContainsKey(name), $"no expected envelope for {name}"));
        Assert.Equal(
            names.Order(StringComparer.Ordinal),
            Directory.GetFiles(CommandFixtures.Folder, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CommandFixtures.Names), MemberType = typeof(CommandFixtures))]
    public void A_fixture_reads_into_its_typed_command(string name)
    {
        var result = CommandJson.Read(CommandFixtures.Read(name));

        Assert.True(result.IsValid, result.Error?.Message);
        Assert.Equal(ExpectedCommands.ByName[name], result.Envelope);
        Assert.Equal(name, CommandNames.NameOf(result.Envelope.CommandCase));
    }

    [Theory]
    [MemberData(nameof(CommandFixtures.Names), MemberType = typeof(CommandFixtures))]
    public void Writing_a_fixture_back_gives_the_same_bytes(string name)
    {
        var fixture = CommandFixtures.Read(name);

        var written = CommandJson.Write(CommandJson.Read(fixture).Envelope!);

        Assert.Equal(Encoding.UTF8.GetString(fixture), Encoding.UTF8.GetString(written));
        Assert.Equal(fixture, written);
    }

    [Theory]
    [MemberData(nameof(CommandFixtures.Names), MemberType = typeof(CommandFixtures))]
    public void A_fixture_survives_the_Protobuf_round_trip(string name)
    {
        var envelope = CommandJson.Read(CommandFixtures.Read(name)).Envelope!;

        var decoded = CommandEnvelope.Parser.ParseFrom(envelope.ToByteArray());

        Assert.Equal(envelope, decoded);
        Assert.Equal(CommandFixtures.Read(name), CommandJson.Write(decoded));
    }

    [Fact]
    public void The_schemas_README_lists_exactly_the_command_names()
    {
        var readme = File.ReadAllText(RepoRoot.File("schemas", "README.md"));
        var section = readme[readme.IndexOf("## JSON commands", StringComparison.Ordinal)..];
        section = section[..(section.IndexOf("\n## ", 3, StringComparison.Ordinal) is var end and > 0 ? end : section.Length)];

        var listed = TableNames().Matches(section).Select(m => m.Groups[1].Value);

        Assert.Equal(CommandNames.All, listed);
    }

    // A row of the command table: | `sendText` | `POST /message/sendText/:instance` | `send_text` |
    [GeneratedRegex(@"^\| `([A-Za-z]+)` \| `(?:GET|POST|DELETE) /", RegexOptions.Multiline)]
    private static partial Regex TableNames();
}

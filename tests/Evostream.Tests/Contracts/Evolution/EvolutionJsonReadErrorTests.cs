using System.Text;
using Evostream.Contracts.Evolution;

namespace Evostream.Tests.Contracts.Evolution;

/// <summary>A body Evostream cannot read gives a <see cref="FormatException"/> whose message says what is wrong.</summary>
public class EvolutionJsonReadErrorTests
{
    [Theory]
    [InlineData("event: messages.upsert", "the body is not JSON")]
    [InlineData("""{"event":"messages.upsert","instance":"i",""", "the body is not JSON")]
    [InlineData("""[{"event":"messages.upsert","instance":"i"}]""", "the body is a JSON Array, not an object")]
    [InlineData("\"messages.upsert\"", "the body is a JSON String, not an object")]
    [InlineData("""{"instance":"i","data":{},"timestamp":1}""", "the body has no 'event' string")]
    [InlineData("""{"event":"messages.exploded","instance":"i","data":{},"timestamp":1}""", "event 'messages.exploded' is not an event Evostream knows")]
    [InlineData("""{"event":"messages.upsert","data":{},"timestamp":1}""", "the body has no 'instance' string")]
    [InlineData("""{"event":"messages.upsert","instance":"","data":{},"timestamp":1}""", "the body has no 'instance' string")]
    [InlineData("""{"event":"messages.upsert","instance":"i","timestamp":1}""", "the body has no 'data'")]
    [InlineData("""{"event":"messages.upsert","instance":"i","data":{}}""", "the body has neither 'timestamp' nor 'date_time'")]
    public void Malformed_bodies_are_refused_with_the_reason(string body, string reason)
    {
        var error = Assert.Throws<FormatException>(() => EvolutionJson.Read(Encoding.UTF8.GetBytes(body)));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("messages.upsert", """{"key":"3EB0C431C26A1916E07D"}""")]
    [InlineData("messages.upsert", """{"key":{"fromMe":"yes"}}""")]
    [InlineData("messages.upsert", """{"messageTimestamp":"yesterday"}""")]
    [InlineData("contacts.upsert", """{"remoteJid":"5511888888888@s.whatsapp.net"}""")]
    [InlineData("chats.delete", """[{"remoteJid":"5511888888888@s.whatsapp.net"}]""")]
    [InlineData("messages.set", """{"key":{}}""")]
    public void Data_that_does_not_match_the_event_s_contract_is_refused_naming_the_event(string name, string data)
    {
        var body = $$"""{"event":"{{name}}","instance":"i","data":{{data}},"timestamp":1709548200123}""";

        var error = Assert.Throws<FormatException>(() => EvolutionJson.Read(Encoding.UTF8.GetBytes(body)));
        Assert.Contains($"'data' of {name} does not match its contract", error.Message, StringComparison.Ordinal);
    }
}

using System.Collections;
using System.Text;
using System.Text.Json.Nodes;
using Evostream.Contracts.Evolution;
using Evostream.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace Evostream.Tests.Contracts.Evolution;

/// <summary>
/// <see cref="EvolutionJson"/> against <see cref="LegacyEvolutionJson"/>, the JsonFormatter/JsonParser algorithm it
/// replaced: the same bytes for every event, the same envelopes or the same refusals for every body.
/// </summary>
public class EvolutionJsonDifferentialTests
{
    private const int EnvelopesPerKind = 40;

    public static TheoryData<string> Kinds => [.. EvolutionEvents.All];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void The_sample_of_every_event_is_written_as_the_reference_writes_it(string name)
    {
        var sample = EventSamples.For(name);
        AssertSameBytes(LegacyEvolutionJson.Write(sample, EventSamples.ServerUrl, "token"), EvolutionJson.Write(sample, EventSamples.ServerUrl, "token"));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Randomly_filled_events_are_written_as_the_reference_writes_them_and_read_back_whole(string name)
    {
        EvolutionEvents.TryGetKind(name, out var kind);
        var random = new RandomEvents(seed: name.GetHashCode(StringComparison.Ordinal) ^ 20261121);
        for (var i = 0; i < EnvelopesPerKind; i++)
        {
            var envelope = random.Envelope(kind);
            var written = EvolutionJson.Write(envelope, EventSamples.ServerUrl);
            AssertSameBytes(LegacyEvolutionJson.Write(envelope, EventSamples.ServerUrl), written);

            var read = EvolutionJson.Read(written, envelope.EventId, envelope.CausationCommandId);
            Assert.Equal(AsCarried(envelope, name), read);
            Assert.Equal(LegacyEvolutionJson.Read(written, envelope.EventId, envelope.CausationCommandId), read);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Altered_bodies_are_read_or_refused_as_the_reference_reads_or_refuses_them(string name)
    {
        EvolutionEvents.TryGetKind(name, out var kind);
        var random = new Random(name.GetHashCode(StringComparison.Ordinal));
        var events = new RandomEvents(seed: random.Next());
        for (var i = 0; i < EnvelopesPerKind * 2; i++)
        {
            var body = JsonNode.Parse(EvolutionJson.Write(events.Envelope(kind), EventSamples.ServerUrl))!.AsObject();
            BodyMutations.Alter(body, random);
            AssertSameOutcome(Encoding.UTF8.GetBytes(body.ToJsonString()));
        }
    }

    [Theory]
    // Proto names beside JSON names, unknown keys, numbers in other spellings, null as unset.
    [InlineData("""{"event":"messages.upsert","instance":"i","timestamp":1,"data":{"key":{"remote_jid":"x","from_me":true,"unknown":{"a":[1,{}]}},"messageTimestamp":"1e3","push_name":null}}""")]
    [InlineData("""{"event":"messages.upsert","instance":"i","timestamp":1,"data":{"messageTimestamp":1.0e2,"message":{"imageMessage":{"fileLength":18446744073709551615}}}}""")]
    [InlineData("""{"event":"messages.upsert","instance":"i","timestamp":1,"data":{"message":{"imageMessage":{"fileLength":"18446744073709551615","seconds":"4294967295"}}}}""")]
    [InlineData("""{"event":"messages.upsert","instance":"i","timestamp":1,"data":{"message":{"imageMessage":{"fileLength":9007199254740993}}}}""")]
    [InlineData("""{"event":"messages.upsert","instance":"i","timestamp":1,"data":{"message":{"imageMessage":{"fileLength":"0012"}}}}""")]
    [InlineData("""{"event":"messages.upsert","instance":"i","timestamp":1,"data":{"message":{"imageMessage":{"fileLength":"+12"}}}}""")]
    [InlineData("""{"event":"messages.upsert","instance":"i","timestamp":1,"data":{"message":{"imageMessage":{"fileLength":"-0"}}}}""")]
    [InlineData("""{"event":"messages.upsert","instance":"i","timestamp":1,"data":{"message":{"imageMessage":{"fileLength":-1}}}}""")]
    [InlineData("""{"event":"messages.upsert","instance":"i","timestamp":1,"data":{"message":{"locationMessage":{"degreesLatitude":"NaN","degreesLongitude":"-Infinity"}}}}""")]
    [InlineData("""{"event":"messages.upsert","instance":"i","timestamp":1,"data":{"message":{"locationMessage":{"degreesLatitude":"infinity"}}}}""")]
    [InlineData("""{"event":"messages.upsert","instance":"i","timestamp":1,"data":{"message":{"locationMessage":{"degreesLatitude":"1e999"}}}}""")]
    [InlineData("""{"event":"messages.upsert","instance":"i","timestamp":1,"data":{"message":{"locationMessage":{"degreesLatitude":1e999}}}}""")]
    [InlineData("""{"event":"messages.upsert","instance":"i","timestamp":1,"data":{"message":{"locationMessage":{"degreesLatitude":" 1"}}}}""")]
    [InlineData("""{"event":"messages.upsert","instance":"i","timestamp":1,"data":{"message":{"locationMessage":{"degreesLatitude":".5"}}}}""")]
    [InlineData("""{"event":"messages.upsert","instance":"i","timestamp":1,"data":{"messageTimestamp":4294967296}}""")]
    [InlineData("""{"event":"messages.upsert","instance":"i","timestamp":1,"data":{"messageTimestamp":1.5}}""")]
    [InlineData("""{"event":"messages.upsert","instance":"i","timestamp":1,"data":{"messageTimestamp":"1.0"}}""")]
    [InlineData("""{"event":"messages.upsert","instance":"i","timestamp":1,"data":{"messageTimestamp":-0}}""")]
    // A oneof takes one value, and a proto3 optional field is a oneof of its own.
    [InlineData("""{"event":"messages.upsert","instance":"i","timestamp":1,"data":{"message":{"conversation":"a","imageMessage":{}}}}""")]
    [InlineData("""{"event":"messages.upsert","instance":"i","timestamp":1,"data":{"message":{"conversation":null,"conversation":"b"}}}""")]
    [InlineData("""{"event":"messages.upsert","instance":"i","timestamp":1,"data":{"pushName":"a","push_name":"b"}}""")]
    [InlineData("""{"event":"messages.upsert","instance":"i","timestamp":1,"data":{"status":"a","status":"b","key":{"id":"1"},"key":{"remoteJid":"2"}}}""")]
    // Repeated and map fields: null clears, a repeated key appends, null elements are refused.
    [InlineData("""{"event":"contacts.upsert","instance":"i","timestamp":1,"data":null}""")]
    [InlineData("""{"event":"contacts.upsert","instance":"i","timestamp":1,"data":[null]}""")]
    [InlineData("""{"event":"chats.delete","instance":"i","timestamp":1,"data":["a",1]}""")]
    [InlineData("""{"event":"messaging-history.set","instance":"i","timestamp":1,"data":{"chats":[{"remoteJid":"a"}],"chats":[{"remoteJid":"b"}],"contacts":null}}""")]
    [InlineData("""{"event":"presence.update","instance":"i","timestamp":1,"data":{"presences":{"a":{"lastSeen":1},"a":{"lastSeen":2},"b":{}}}}""")]
    [InlineData("""{"event":"presence.update","instance":"i","timestamp":1,"data":{"presences":{"a":null}}}""")]
    [InlineData("""{"event":"instance.configured","instance":"i","timestamp":1,"data":{"webhook":{"headers":{"k":"v","k2":1}}}}""")]
    // Timestamps as proto3 JSON spells them.
    [InlineData("""{"event":"call","instance":"i","timestamp":1,"data":{"date":"2024-03-04T10:29:58Z"}}""")]
    [InlineData("""{"event":"call","instance":"i","timestamp":1,"data":{"date":"2024-03-04T10:29:58.123456789+05:30"}}""")]
    [InlineData("""{"event":"call","instance":"i","timestamp":1,"data":{"date":"2024-03-04T10:29:58-00:00"}}""")]
    [InlineData("""{"event":"call","instance":"i","timestamp":1,"data":{"date":"2024-03-04T10:29:58+19:00"}}""")]
    [InlineData("""{"event":"call","instance":"i","timestamp":1,"data":{"date":"2024-02-30T10:29:58Z"}}""")]
    [InlineData("""{"event":"call","instance":"i","timestamp":1,"data":{"date":"0001-01-01T00:00:00+01:00"}}""")]
    [InlineData("""{"event":"call","instance":"i","timestamp":1,"data":{"date":"9999-12-31T23:59:59.999999999Z"}}""")]
    [InlineData("""{"event":"call","instance":"i","timestamp":1,"data":{"date":"2024-03-04T10:29:58Z\n"}}""")]
    [InlineData("""{"event":"call","instance":"i","timestamp":1,"data":{"date":"2024-03-04 10:29:58Z"}}""")]
    [InlineData("""{"event":"call","instance":"i","timestamp":1,"data":{"date":1709548198}}""")]
    [InlineData("""{"event":"call","instance":"i","timestamp":1,"data":{"date":null,"from":"\u00e9\ud83d\udc4b"}}""")]
    // The body's own keys: in any order, repeated (the last counts), messages.set's spread fields.
    [InlineData("""{"data":{"id":"x"},"instance":"i","event":"call","timestamp":1}""")]
    [InlineData("""{"event":"call","instance":"i","data":{"id":"x"},"data":{"id":"y"},"timestamp":1}""")]
    [InlineData("""{"event":"call","instance":"i","data":{"isGroup":"x"},"data":{"id":"y"},"timestamp":1}""")]
    [InlineData("""{"event":"call","instance":"i","data":{"id":"x"},"event":"creds.update","timestamp":1}""")]
    [InlineData("""{"event":"messages.set","instance":"i","data":[],"timestamp":1,"isLatest":true,"progress":-0.0}""")]
    [InlineData("""{"event":"messages.set","instance":"i","data":[],"timestamp":1,"isLatest":1,"progress":"5"}""")]
    [InlineData("""{"event":"messages.set","instance":"i","data":[],"timestamp":1,"progress":1e999}""")]
    [InlineData("""{"event":"messages.set","instance":"i","data":null,"timestamp":1}""")]
    [InlineData("""{"event":"call","instance":"i","data":{},"timestamp":1.5,"date_time":"2024-03-04T10:30:00.123Z"}""")]
    [InlineData("""{"event":"call","instance":"i","data":{},"date_time":"2024-03-04T10:30:00+02:00","sender":5}""")]
    [InlineData("""{"event":"call","instance":"i","data":{},"date_time":"yesterday"}""")]
    [InlineData("""{"event":"call","instance":"i","data":[],"timestamp":1} trailing""")]
    [InlineData("""{"event":"call","instance":"i","data":{"id":1},"timestamp":1,"x":[}""")]
    [InlineData("""{"event":"call","instance":"i","data":{"id":1}}""")]
    [InlineData("""{"event":"call","data":{"id":1},"timestamp":1}""")]
    [InlineData("""{"event":"call","instance":"i","data":"x","timestamp":1}""")]
    [InlineData("""{"event":"call","instance":"i","data":null,"timestamp":1}""")]
    public void Edge_bodies_are_read_or_refused_as_the_reference_reads_or_refuses_them(string body) => AssertSameOutcome(Encoding.UTF8.GetBytes(body));

    [Theory]
    [InlineData("messages.upsert", """{"key":{"fromMe":"yes"}}""", "'data.key.fromMe' must be a boolean, not a string")]
    [InlineData("messages.upsert", """{"messageTimestamp":"yesterday"}""", "'data.messageTimestamp' is not a number of its type: \"yesterday\"")]
    [InlineData("messages.upsert", """{"message":{"conversation":"a","imageMessage":{}}}""", "'data.message.imageMessage' is a second value for 'content', which takes one")]
    [InlineData("contacts.upsert", """[{"remoteJid":"a"},{"pushName":7}]""", "'data[1].pushName' must be a string, not a number")]
    [InlineData("presence.update", """{"presences":{"a@s":{"lastSeen":-1}}}""", "'data.presences[\"a@s\"].lastSeen' is out of range for an unsigned 32-bit integer: -1")]
    [InlineData("call", """{"date":"2024-03-04"}""", "'data.date' must be an RFC 3339 time such as \"2024-03-04T10:30:00.000Z\", not \"2024-03-04\"")]
    public void A_value_of_the_wrong_type_is_refused_naming_its_field(string name, string data, string reason)
    {
        var body = $$"""{"event":"{{name}}","instance":"i","data":{{data}},"timestamp":1709548200123}""";

        var error = Assert.Throws<FormatException>(() => EvolutionJson.Read(Encoding.UTF8.GetBytes(body)));
        Assert.Equal($"'data' of {name} does not match its contract: {reason}.", error.Message);
    }

    /// <summary>Both read the body into equal envelopes, or both refuse it, for the same class of reason.</summary>
    private static void AssertSameOutcome(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        EventEnvelope? expected = null, actual = null;
        Exception? expectedError = null, actualError = null;
        try
        {
            expected = LegacyEvolutionJson.Read(body, "e", "c");
        }
        // The reference also failed with other exceptions on some bodies (a timestamp outside DateTime's range, a
        // lone surrogate); the codec must refuse those too, with a FormatException.
        catch (Exception e) when (e is FormatException or InvalidOperationException or IOException or ArgumentException)
        {
            expectedError = e;
        }

        try
        {
            actual = EvolutionJson.Read(body, "e", "c");
        }
        catch (FormatException e)
        {
            actualError = e;
        }

        if (expectedError is null)
        {
            Assert.True(actualError is null, $"{text}\nthe reference read it; the codec refused it: {actualError?.Message}");
            Assert.Equal(expected, actual);
            return;
        }

        Assert.True(actualError is not null, $"{text}\nthe reference refused it ({expectedError.Message}); the codec read {actual}");
        if (expectedError is FormatException)
        {
            // The reference wraps data errors in the same sentence; anything before data is refused for the same reason.
            Assert.Equal(Reason(expectedError.Message), Reason(actualError!.Message));
        }
    }

    private static string Reason(string message) =>
        message.Contains("does not match its contract", StringComparison.Ordinal) ? message[..message.IndexOf(':', StringComparison.Ordinal)]
        : message.StartsWith("the body is not JSON", StringComparison.Ordinal) ? "the body is not JSON"
        : message;

    /// <summary>What the body carries of <paramref name="envelope"/>: time to the millisecond, the event's name.</summary>
    private static EventEnvelope AsCarried(EventEnvelope envelope, string name)
    {
        var carried = envelope.Clone();
        carried.Event = name;
        TruncateTimes(carried);
        return carried;
    }

    private static void TruncateTimes(IMessage message)
    {
        if (message is Timestamp time)
        {
            time.Nanos -= time.Nanos % 1_000_000;
            return;
        }

        foreach (var field in message.Descriptor.Fields.InDeclarationOrder().Where(f => f.FieldType == FieldType.Message))
        {
            var value = field.Accessor.GetValue(message);
            var items = field.IsMap ? ((IDictionary)value).Values : field.IsRepeated ? (IEnumerable)value : value is null ? [] : new[] { value };
            foreach (var item in items.OfType<IMessage>())
            {
                TruncateTimes(item);
            }
        }
    }

    private static void AssertSameBytes(byte[] expected, byte[] actual)
    {
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
        Assert.Equal(expected, actual);
    }
}

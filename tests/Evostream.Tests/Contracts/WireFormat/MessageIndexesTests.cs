using Evostream.Contracts.WireFormat;
using Evostream.Tests.Contracts.Protos;

using Google.Protobuf.Reflection;

namespace Evostream.Tests.Contracts.WireFormat;

public class MessageIndexesTests
{
    public static TheoryData<string, int[]> Paths => new()
    {
        { nameof(TestCommand), [0] },
        { nameof(TestCommand.Types.Attachment), [0, 0] },
        { nameof(TestEvent), [1] },
        { nameof(TestEvent.Types.Detail), [1, 0] },
        { nameof(TestEvent.Types.Detail.Types.Note), [1, 0, 0] },
        { nameof(Origin), [0] },
    };

    private static MessageDescriptor Descriptor(string name) => name switch
    {
        nameof(TestCommand) => TestCommand.Descriptor,
        nameof(TestCommand.Types.Attachment) => TestCommand.Types.Attachment.Descriptor,
        nameof(TestEvent) => TestEvent.Descriptor,
        nameof(TestEvent.Types.Detail) => TestEvent.Types.Detail.Descriptor,
        nameof(TestEvent.Types.Detail.Types.Note) => TestEvent.Types.Detail.Types.Note.Descriptor,
        nameof(Origin) => Origin.Descriptor,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void A_message_path_is_its_position_in_the_file_and_resolves_back(string name, int[] expected)
    {
        var descriptor = Descriptor(name);
        Assert.Equal(expected, MessageIndexes.Of(descriptor));
        Assert.Same(descriptor, MessageIndexes.Resolve(descriptor.File, expected));
    }

    [Theory]
    [InlineData(new[] { 2 }, "Message index 2 at depth 0 of [2] is out of range: evostream_test/wire_test.proto has 2 top-level messages.")]
    [InlineData(new[] { 1, 1 }, "Message index 1 at depth 1 of [1, 1] is out of range: evostream.test.wire.TestEvent has 1 nested messages.")]
    [InlineData(new[] { 1, 0, 0, 0 }, "Message index 0 at depth 3 of [1, 0, 0, 0] is out of range: evostream.test.wire.TestEvent.Detail.Note has 0 nested messages.")]
    public void A_path_outside_the_file_is_out_of_range(int[] indexes, string message)
    {
        var e = Assert.Throws<WireFormatException>(() => MessageIndexes.Resolve(TestEvent.Descriptor.File, indexes));
        Assert.Equal(WireFormatError.IndexOutOfRange, e.Error);
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void An_empty_path_names_no_message()
    {
        var e = Assert.Throws<WireFormatException>(() => MessageIndexes.Resolve(TestEvent.Descriptor.File, []));
        Assert.Equal(WireFormatError.BadMessageIndexes, e.Error);
        Assert.Equal("The message-index path is empty.", e.Message);
    }
}

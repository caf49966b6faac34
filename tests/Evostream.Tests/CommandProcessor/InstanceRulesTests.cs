using Evostream.CommandProcessor.State;
using Evostream.CommandProcessor.Validation;
using Evostream.Contracts.V1;

namespace Evostream.Tests.CommandProcessor;

/// <summary>The rules of a command against its instance's state and its record, as pure functions.</summary>
public class InstanceRulesTests
{
    private static readonly InstanceFacts s_open = new(true, false, InstanceFacts.Open, false);
    private static readonly InstanceFacts s_closed = new(true, false, "close", false);

    private static CommandEnvelope Create => new() { Instance = "shop", CreateInstance = new CreateInstance() };

    private static CommandEnvelope Send => new() { Instance = "shop", IdempotencyKey = "k1", SendText = new SendText { Number = "5511999999999", Text = "hi" } };

    [Fact]
    public void A_create_needs_a_free_name_and_everything_else_an_instance_that_exists()
    {
        Assert.Null(InstanceRules.Existence(Create, InstanceFacts.Unknown));
        Assert.Equal(new Rejection("instanceName", "'shop' is taken: an instance with this name already exists", Rejection.Conflict), InstanceRules.Existence(Create, s_open));
        Assert.Null(InstanceRules.Existence(Send, s_closed));
        Assert.Equal(new Rejection("instance", "'shop' does not exist", Rejection.NotFound), InstanceRules.Existence(Send, InstanceFacts.Unknown));
        Assert.Equal(new Rejection("instance", "'shop' was deleted", Rejection.NotFound), InstanceRules.Existence(Send, new InstanceFacts(false, true, InstanceFacts.Deleted, false)));
    }

    [Fact]
    public void A_send_needs_a_connected_instance_unless_it_holds_sends()
    {
        Assert.Null(InstanceRules.Connection(Send, s_open));
        Assert.Null(InstanceRules.Connection(Send, s_closed with { HoldUntilConnected = true }));
        Assert.Equal(
            new Rejection("instance", "'shop' is not connected (state: close); connect it first, or set holdUntilConnected in its settings to hold sends until it connects", Rejection.Conflict),
            InstanceRules.Connection(Send, s_closed));
    }

    [Fact]
    public void A_repeated_idempotency_key_names_the_original_command()
    {
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        Assert.Null(InstanceRules.Repeat(Send, null));
        Assert.Equal(
            new Rejection("idempotencyKey", "'k1' was already used by command c-0 (accepted 2026-01-02T03:04:05.0000000+00:00); this repeat is not executed", Rejection.Conflict, "c-0"),
            InstanceRules.Repeat(Send, new IdempotencyEntry("c-0", at)));
    }

    [Fact]
    public void A_record_must_be_keyed_by_its_instance()
    {
        Assert.Null(KeyRules.Check("shop", "shop"));
        Assert.Null(KeyRules.Check("", "shop"));
        Assert.Equal("'shop' does not match the record key 'shop-2': commands must be keyed by their instance name", KeyRules.Check("shop-2", "shop")!.Reason);
    }
}

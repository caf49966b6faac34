using Evostream.CommandProcessor.Configuration;
using Evostream.CommandProcessor.State;
using Evostream.Contracts.V1;
using Evostream.Platform.Configuration;
using Google.Protobuf.WellKnownTypes;

namespace Evostream.Tests.CommandProcessor;

public class InstanceFactsTests
{
    private static readonly DateTimeOffset s_t0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private static PartitionState Created(DateTimeOffset at)
    {
        var state = new PartitionState(0);
        state.Own["brief"] = new OwnInstanceView(true, "id-brief", false, "create-1", at);
        return state;
    }

    [Fact]
    public void A_connector_deletion_newer_than_the_processors_create_wins()
    {
        var state = Created(s_t0);
        state.Connector["brief"] = InstanceStateCodec.Deleted("brief", s_t0.AddSeconds(1));

        Assert.Equal(new InstanceFacts(false, true, "deleted", false), state.Facts("brief"));
    }

    [Fact]
    public void A_connector_deletion_older_than_the_processors_create_does_not_hide_the_new_instance()
    {
        var state = Created(s_t0);
        state.Connector["brief"] = InstanceStateCodec.Deleted("brief", s_t0.AddSeconds(-1));

        Assert.Equal(new InstanceFacts(true, false, "created", false), state.Facts("brief"));
    }

    [Fact]
    public void A_newer_connector_state_replaces_the_processors_view_and_a_deleted_connection_reads_as_deleted()
    {
        var state = Created(s_t0);
        state.Connector["brief"] = new InstanceState { InstanceName = "brief", Connection = "open", UpdatedAt = Timestamp.FromDateTimeOffset(s_t0.AddMinutes(1)) };
        Assert.Equal(new InstanceFacts(true, false, "open", false), state.Facts("brief"));

        state.Connector["brief"] = new InstanceState { InstanceName = "brief", Connection = "deleted", UpdatedAt = Timestamp.FromDateTimeOffset(s_t0.AddMinutes(2)) };
        Assert.Equal(new InstanceFacts(false, true, "deleted", false), state.Facts("brief"));
    }

    [Fact]
    public void The_replica_id_is_EVOSTREAM_REPLICA_ID_like_the_connectors_and_the_old_name_is_refused()
    {
        var env = new Dictionary<string, string> { ["EVOSTREAM_REPLICA_ID"] = "node-7" };
        var settings = new CommandProcessorSettingsReader(n => env.GetValueOrDefault(n), "host").Read();
        Assert.Equal(("node-7", "evostream-evolution-command-processor-node-7"), (settings.ReplicaId, settings.TransactionalId("evolution")));
        Assert.Equal("host", new CommandProcessorSettingsReader(_ => null, "host").Read().ReplicaId);

        var old = new Dictionary<string, string> { ["EVOSTREAM_PROCESSOR_REPLICA_ID"] = "node-7", ["EVOSTREAM_REPLICA_ID"] = "bad id" };
        var error = Assert.Throws<ConfigurationException>(() => new CommandProcessorSettingsReader(n => old.GetValueOrDefault(n), "host").Read());
        Assert.Equal(
            [
                "EVOSTREAM_PROCESSOR_REPLICA_ID is no longer read: set EVOSTREAM_REPLICA_ID, which every service uses (the command processor's transactional id stays evostream-command-processor-<id>).",
                "EVOSTREAM_REPLICA_ID='bad id' must be 1 to 100 letters, digits, '.', '_' or '-' (it names the replica's transactional id).",
            ],
            error.Errors);
    }
}

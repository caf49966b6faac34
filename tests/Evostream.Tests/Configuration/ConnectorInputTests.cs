using Evostream.Connector.Configuration;
using Evostream.Platform.Configuration;

namespace Evostream.Tests.Configuration;

public class ConnectorInputTests
{
    private static ConnectorSettings Read(string? input) =>
        new ConnectorSettingsReader(name => name == "EVOSTREAM_CONNECTOR_INPUT" ? input : null).Read(RunMode.Dev);

    [Fact]
    public void The_connector_reads_the_processors_home_partitioned_output_by_default_and_when_asked()
    {
        Assert.Equal(ConnectorInput.AcceptedCommands, Read(null).Input);
        Assert.Equal(ConnectorInput.AcceptedCommands, Read("accepted").Input);
    }

    [Fact]
    public void The_raw_commands_topic_is_refused_with_the_reason_since_producers_partition_it_as_they_like()
    {
        var e = Assert.Throws<ConfigurationException>(() => Read("commands"));
        Assert.Contains("EVOSTREAM_CONNECTOR_INPUT='commands' is no longer supported", e.Message, StringComparison.Ordinal);
        Assert.Contains("partitioned by whatever partitioner each producer used", e.Message, StringComparison.Ordinal);
    }
}

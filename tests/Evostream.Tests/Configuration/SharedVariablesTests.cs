using Evostream.Api.Configuration;
using Evostream.CommandProcessor.Configuration;
using Evostream.Connector.Configuration;
using Evostream.Platform.Configuration;
using Evostream.Platform.Credentials;
using Evostream.Projections;

namespace Evostream.Tests.Configuration;

public class SharedVariablesTests
{
    [Theory]
    [InlineData("node-7", true)]
    [InlineData("a.b_c-9", true)]
    [InlineData("bad id", false)]
    [InlineData("über", false)]
    [InlineData("x/y", false)]
    public void Every_service_takes_and_refuses_the_same_replica_ids(string id, bool valid)
    {
        var env = new Dictionary<string, string> { [SharedVariables.ReplicaId] = id };
        (string?, string?) expected = valid ? (id, null)
            : (null, $"EVOSTREAM_REPLICA_ID='{id}' must be 1 to 100 letters, digits, '.', '_' or '-' (it names the replica's transactional id).");

        var processor = Read(() => new CommandProcessorSettingsReader(n => env.GetValueOrDefault(n), "host").Read().ReplicaId);
        var connector = Read(() => new ConnectorSettingsReader(n => env.GetValueOrDefault(n)).Read(RunMode.Dev).ReplicaId);

        Assert.Equal(expected, processor);
        Assert.Equal(processor, connector);
    }

    [Fact]
    public void A_replica_id_of_101_characters_is_refused_by_both()
    {
        var env = new Dictionary<string, string> { [SharedVariables.ReplicaId] = new string('r', 101) };
        Assert.NotNull(Read(() => new CommandProcessorSettingsReader(n => env.GetValueOrDefault(n), "host").Read().ReplicaId).Error);
        Assert.NotNull(Read(() => new ConnectorSettingsReader(n => env.GetValueOrDefault(n)).Read(RunMode.Dev).ReplicaId).Error);
    }

    [Theory]
    [InlineData("evostream", true)]
    [InlineData("tenant_42", true)]
    [InlineData("_tenant", false)]     // the Api took this once; the Projections never did
    [InlineData("9lives", false)]
    [InlineData("Tenant", false)]
    [InlineData("a-b", false)]
    public void The_api_and_the_projections_take_and_refuse_the_same_schemas(string schema, bool valid)
    {
        var env = new Dictionary<string, string> { [SharedVariables.ProjectionsSchema] = schema };
        (string?, string?) expected = valid ? (schema, null)
            : (null, $"EVOSTREAM_PROJECTIONS_SCHEMA='{schema}' must be a lower-case SQL identifier: a-z, 0-9 and _, starting with a letter, at most 40 characters.");

        var api = Read(() => new ApiSettingsReader(n => env.GetValueOrDefault(n)).Read(RunMode.Production).ReadModelSchema);
        var projections = Read(() => new ProjectionsSettingsReader(n => env.GetValueOrDefault(n)).Read().Schema);

        Assert.Equal(expected, api);
        Assert.Equal(api, projections);
    }

    [Fact]
    public void Unset_shared_variables_take_their_defaults_in_every_service()
    {
        Assert.Equal("evostream", new ApiSettingsReader(_ => null).Read(RunMode.Production).ReadModelSchema);
        Assert.Equal("evostream", new ProjectionsSettingsReader(_ => null).Read().Schema);
        Assert.Equal("host", new CommandProcessorSettingsReader(_ => null, "host").Read().ReplicaId);
        Assert.Equal(Environment.MachineName, new ConnectorSettingsReader(_ => null).Read(RunMode.Dev).ReplicaId);
    }

    [Fact]
    public void In_dev_mode_without_keys_every_stage_of_one_process_seals_and_opens_with_the_same_key()
    {
        // Each stage reads the variable with its own reader; a per-reader key made the delivery stage unable to open
        // the webhook headers the connector had sealed, so ./evostream dev delivered nothing.
        var connector = new ConnectorSettingsReader(_ => null).Read(RunMode.Dev).Keys;
        var delivery = new ConnectorSettingsReader(_ => null).Read(RunMode.Dev).Keys;
        var api = new ApiSettingsReader(_ => null).Read(RunMode.Dev).CredentialKeys;
        Assert.NotNull(api);

        var sealedText = new CredentialsCipher(connector).Seal("Bearer header"u8, "shop");
        Assert.Equal("Bearer header"u8.ToArray(), new CredentialsCipher(delivery).Open(sealedText, "shop"));
        Assert.Equal("Bearer header"u8.ToArray(), new CredentialsCipher(api).Open(sealedText, "shop"));
    }

    [Fact]
    public void Outside_dev_mode_the_connector_requires_keys_and_the_api_runs_without()
    {
        var error = Assert.Throws<ConfigurationException>(() => new ConnectorSettingsReader(_ => null).Read(RunMode.Production));
        Assert.Contains("EVOSTREAM_CREDENTIALS_KEYS is required outside dev mode", error.Message, StringComparison.Ordinal);
        Assert.Null(new ApiSettingsReader(_ => null).Read(RunMode.Production).CredentialKeys);
        var bad = Assert.Throws<ConfigurationException>(() => new ApiSettingsReader(n => n == CredentialKeysVariable.Name ? "k1:short" : null).Read(RunMode.Dev));
        Assert.Contains("EVOSTREAM_CREDENTIALS_KEYS: ", bad.Message, StringComparison.Ordinal);
    }

    private static (string? Value, string? Error) Read(Func<string> read)
    {
        try
        {
            return (read(), null);
        }
        catch (ConfigurationException e)
        {
            return (null, Assert.Single(e.Errors));
        }
    }
}

using System.Text;
using Evostream.Api.Writing;
using Evostream.Contracts.Commands;

namespace Evostream.Tests.Baileys;

/// <summary>The createInstance field an import carries: sealed or refused, and never taken from a REST body.</summary>
public sealed class ImportCommandTests
{
    [Fact]
    public void A_JSON_create_takes_the_auth_state_only_sealed_and_writes_it_back_unchanged()
    {
        var plain = CommandJson.Read(Encoding.UTF8.GetBytes("""{"command":"createInstance","instance":"moved","baileysAuthSealed":"{\"creds\":{}}"}"""));
        Assert.False(plain.IsValid);
        Assert.Equal("baileysAuthSealed", plain.Error!.Field);
        Assert.Contains("must be sealed", plain.Error.Reason, StringComparison.Ordinal);

        var json = """{"command":"createInstance","instance":"moved","instanceName":"moved","integration":"WHATSAPP-BAILEYS","baileysAuthSealed":"enc:v1:k1:AAAA"}""";
        var read = CommandJson.Read(Encoding.UTF8.GetBytes(json));
        Assert.True(read.IsValid, read.Error?.Message);
        Assert.Equal("enc:v1:k1:AAAA", read.Envelope!.CreateInstance.BaileysAuthSealed);
        Assert.Contains("\"baileysAuthSealed\":\"enc:v1:k1:AAAA\"", Encoding.UTF8.GetString(CommandJson.Write(read.Envelope)), StringComparison.Ordinal);
    }

    [Fact]
    public void A_REST_create_body_cannot_carry_an_auth_state()
    {
        var read = CommandBody.Read("createInstance", null, Encoding.UTF8.GetBytes("""{"instanceName":"moved","baileysAuthSealed":"enc:v1:k1:AAAA"}"""));
        Assert.Null(read.Envelope);
        Assert.Contains("baileysAuthSealed", read.Error, StringComparison.Ordinal);
    }
}

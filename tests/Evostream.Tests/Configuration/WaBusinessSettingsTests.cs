using Evostream.Platform.Configuration;

namespace Evostream.Tests.Configuration;

/// <summary>The Cloud API's variables, under Evolution's names, and the choice of where the simulator may answer.</summary>
public class WaBusinessSettingsTests
{
    [Fact]
    public void Defaults_point_at_Meta_with_a_current_version_and_refuse_unsigned_webhooks()
    {
        var s = Env.Read().WaBusiness;
        Assert.Equal(new Uri("https://graph.facebook.com/"), s.Url);
        Assert.Equal("v25.0", s.Version);
        Assert.Equal("en_US", s.Language);
        Assert.Equal("", s.VerifyToken);
        Assert.Null(s.AppSecret);
        Assert.False(s.AllowUnsigned);
        Assert.Equal(new Uri("https://graph.facebook.com/v25.0/123/messages"), s.MessagesUrl("123"));
    }

    [Fact]
    public void Reads_every_variable_and_keeps_secrets_out_of_its_text()
    {
        var s = Env.Read(vars:
        [
            ("WA_BUSINESS_URL", "http://127.0.0.1:4545/fake"), ("WA_BUSINESS_VERSION", "v23.0"), ("WA_BUSINESS_LANGUAGE", "pt_BR"),
            ("WA_BUSINESS_TOKEN_WEBHOOK", "verify-secret"), ("EVOSTREAM_WA_BUSINESS_APP_SECRET", "app-secret-value"),
        ]).WaBusiness;
        Assert.Equal(new Uri("http://127.0.0.1:4545/fake/v23.0/99/messages"), s.MessagesUrl("99"));
        Assert.Equal("pt_BR", s.Language);
        Assert.Equal("verify-secret", s.VerifyToken);
        Assert.Equal("app-secret-value", s.AppSecret);
        Assert.DoesNotContain("verify-secret", s.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("app-secret-value", s.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("WA_BUSINESS_URL", "graph.facebook.com")]
    [InlineData("WA_BUSINESS_VERSION", "25")]
    [InlineData("WA_BUSINESS_LANGUAGE", "english")]
    [InlineData("EVOSTREAM_WA_BUSINESS_ALLOW_UNSIGNED", "sometimes")]
    [InlineData("EVOSTREAM_WHATSAPP", "baileys")]
    [InlineData("EVOSTREAM_WHATSAPP", "bogus")]
    public void A_bad_value_stops_start_up_naming_the_variable(string name, string value)
    {
        var e = Env.Fails(vars: (name, value));
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allowing_unsigned_webhooks_with_an_app_secret_is_refused_as_contradictory()
    {
        var e = Env.Fails(vars: [("EVOSTREAM_WA_BUSINESS_APP_SECRET", "s"), ("EVOSTREAM_WA_BUSINESS_ALLOW_UNSIGNED", "true")]);
        Assert.Contains("EVOSTREAM_WA_BUSINESS_ALLOW_UNSIGNED", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_simulator_answers_only_in_dev_mode_or_when_asked_for_and_real_turns_it_off_in_dev()
    {
        Assert.False(Env.Read().SimulatorAllowed);
        Assert.False(Env.Read(vars: ("EVOSTREAM_WHATSAPP", "real")).SimulatorAllowed);
        Assert.True(Env.Read(vars: ("EVOSTREAM_MODE", "dev")).SimulatorAllowed);
        Assert.True(Env.Read(vars: ("EVOSTREAM_WHATSAPP", "simulator")).SimulatorAllowed);
        Assert.False(Env.Read(vars: [("EVOSTREAM_MODE", "dev"), ("EVOSTREAM_WHATSAPP", "real")]).SimulatorAllowed);
    }
}

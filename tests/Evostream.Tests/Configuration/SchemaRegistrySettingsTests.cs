using Evostream.Contracts.WireFormat;
using Evostream.Platform.Configuration;

namespace Evostream.Tests.Configuration;

public class SchemaRegistrySettingsTests
{
    [Fact]
    public void Json_without_a_registry_is_the_Evolution_compatible_default()
    {
        var s = Env.Read();
        Assert.Equal(RecordFormat.Json, s.RecordFormat);
        Assert.Null(s.SchemaRegistry);
    }

    [Fact]
    public void Reads_the_registry_and_the_record_format()
    {
        var s = Env.Read(vars:
        [
            ("EVOSTREAM_RECORD_FORMAT", "Protobuf"), ("SCHEMA_REGISTRY_URL", "https://registry.example:8081/base"),
            ("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "key:se:cret"),
        ]);
        Assert.Equal(RecordFormat.Protobuf, s.RecordFormat);
        Assert.Equal(new Uri("https://registry.example:8081/base"), s.SchemaRegistry!.Url);
        Assert.Equal("key:se:cret", s.SchemaRegistry.BasicAuthUserInfo);
    }

    [Fact]
    public void A_registry_may_be_configured_while_records_stay_json()
    {
        var s = Env.Read(vars: ("SCHEMA_REGISTRY_URL", "http://localhost:8081"));
        Assert.Equal(RecordFormat.Json, s.RecordFormat);
        Assert.Null(s.SchemaRegistry!.BasicAuthUserInfo);
    }

    [Theory]
    [InlineData("SCHEMA_REGISTRY_URL", "localhost:8081", "SCHEMA_REGISTRY_URL='localhost:8081' is not an absolute http(s) URL.")]
    [InlineData("SCHEMA_REGISTRY_URL", "ftp://registry:8081", "SCHEMA_REGISTRY_URL='ftp://registry:8081' is not an absolute http(s) URL.")]
    [InlineData("EVOSTREAM_RECORD_FORMAT", "avro", "EVOSTREAM_RECORD_FORMAT='avro' is not one of: json, protobuf.")]
    public void A_bad_value_names_its_variable(string name, string value, string expected) =>
        Assert.Contains(expected, Env.Fails(vars: (name, value)).Errors);

    [Theory]
    [InlineData("no-colon-here")]
    [InlineData(":password-without-user")]
    [InlineData("user-without-password:")]
    public void User_info_must_be_user_colon_password_and_is_never_echoed(string userInfo)
    {
        var error = Env.Fails(vars: [("SCHEMA_REGISTRY_URL", "http://registry:8081"), ("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", userInfo)]);
        Assert.Equal(["SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO must be user:password, both non-empty (the form Confluent tools use)."], error.Errors);
        Assert.DoesNotContain(userInfo, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Protobuf_without_a_registry_is_an_impossible_combination()
    {
        var error = Env.Fails(vars: ("EVOSTREAM_RECORD_FORMAT", "protobuf"));
        Assert.Equal(["EVOSTREAM_RECORD_FORMAT=protobuf needs SCHEMA_REGISTRY_URL (wire-format records carry registry schema ids); set SCHEMA_REGISTRY_URL or use EVOSTREAM_RECORD_FORMAT=json."], error.Errors);
    }

    [Fact]
    public void A_bad_registry_url_with_protobuf_is_reported_once()
    {
        var error = Env.Fails(vars: [("EVOSTREAM_RECORD_FORMAT", "protobuf"), ("SCHEMA_REGISTRY_URL", "registry")]);
        Assert.Equal(["SCHEMA_REGISTRY_URL='registry' is not an absolute http(s) URL."], error.Errors);
    }

    [Fact]
    public void Credentials_without_a_registry_are_an_impossible_combination()
    {
        var error = Env.Fails(vars: ("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "user:hunter2"));
        Assert.Equal(["SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO is set but SCHEMA_REGISTRY_URL is not; set the registry URL or remove the credentials."], error.Errors);
    }

    [Fact]
    public void Credentials_inside_the_url_are_refused_without_echoing_them()
    {
        var error = Env.Fails(vars: ("SCHEMA_REGISTRY_URL", "https://user:hunter2@registry:8081"));
        Assert.Equal(["SCHEMA_REGISTRY_URL carries credentials; move them to SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO (user:password) so they stay out of logs."], error.Errors);
        Assert.DoesNotContain("hunter2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_never_print_the_registry_password()
    {
        var s = Env.Read(vars: [("SCHEMA_REGISTRY_URL", "http://registry:8081"), ("SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO", "evostream:hunter2")]);
        Assert.DoesNotContain("hunter2", s.ToString(), StringComparison.Ordinal);
        Assert.Equal("SchemaRegistrySettings { Url = http://registry:8081/, BasicAuthUserInfo = *** }", s.SchemaRegistry!.ToString());
    }
}

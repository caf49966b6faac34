using Evostream.Platform.Hosting;

namespace Evostream.Tests.Configuration;

public class ApiKeyTests
{
    private const string Key = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void Only_the_very_key_matches()
    {
        Assert.True(ApiKey.Matches(Key, Key));
        Assert.False(ApiKey.Matches(Key[..^1], Key));          // a prefix
        Assert.False(ApiKey.Matches(Key + "0", Key));          // longer
        Assert.False(ApiKey.Matches(Key.ToUpperInvariant(), Key));
        Assert.False(ApiKey.Matches("", Key));
    }

    [Fact]
    public void An_empty_expected_key_lets_nobody_in()
    {
        Assert.False(ApiKey.Matches("", ""));
        Assert.False(ApiKey.Matches("anything", ""));
    }
}

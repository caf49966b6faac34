namespace Evostream.Tests.Deployment;

public class InterpolationTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("$${HOME} and $$X", "${HOME} and $X")]
    [InlineData("${URL:-http://localhost:8080}/x", "http://localhost:8080/x")]
    [InlineData("${MISSING}", "")]
    [InlineData("a${MISSING:+set}b", "ab")]
    public void Resolves_as_compose_does_with_an_empty_environment(string raw, string expected) =>
        Assert.Equal(expected, Interpolation.Resolve(raw));

    [Fact]
    public void Gives_required_variables_one_plausible_value_wherever_they_appear()
    {
        var alone = Interpolation.Resolve("${PASSWORD:?set it}");
        Assert.Matches("^[0-9a-f]{64}$", alone);
        Assert.Equal($"postgresql://u:{alone}@db/x", Interpolation.Resolve("postgresql://u:${PASSWORD?set it}@db/x"));
    }

    [Fact]
    public void Lists_references_with_their_operators()
    {
        var references = Interpolation.References("$A ${B} ${C:-x} ${D:?y} $$E").ToList();
        Assert.Equal(
            [new("A", null), new("B", null), new("C", ":-"), new("D", ":?")],
            references);
        Assert.Equal(["D"], references.Where(Interpolation.IsRequired).Select(r => r.Name));
    }
}

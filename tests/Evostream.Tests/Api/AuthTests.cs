using System.Net;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Api;

public class AuthTests(EmbeddedStack stack)
{
    [Fact]
    public async Task Keys_are_checked_the_way_Evolution_does_with_403_for_another_instances_token()
    {
        await using var bed = await ApiTestBed.StartAsync(stack);
        await bed.InsertInstanceAsync("alpha", token: "alpha-token-1234567890");
        await bed.InsertInstanceAsync("beta", token: "beta-token-1234567890");

        Assert.Equal(HttpStatusCode.Unauthorized, (await bed.SendAsync(HttpMethod.Get, "/instance/connectionState/alpha", key: null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bed.SendAsync(HttpMethod.Get, "/instance/connectionState/alpha", key: "wrong")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bed.SendAsync(HttpMethod.Get, "/instance/connectionState/alpha", key: "alpha-token-1234567890")).StatusCode);
        var forbidden = await bed.SendAsync(HttpMethod.Get, "/instance/connectionState/beta", key: "alpha-token-1234567890");
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("Forbidden", (await ApiTestBed.JsonAsync(forbidden)).GetProperty("error").GetString());
        // create has no instance for a token to belong to: only the global key.
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await bed.SendAsync(HttpMethod.Post, "/instance/create", new { instanceName = "gamma" }, key: "alpha-token-1234567890")).StatusCode);
    }

    [Fact]
    public async Task An_instance_token_lists_only_its_own_instance_and_issues_commands_as_instance_token()
    {
        await using var bed = await ApiTestBed.StartAsync(stack, new Dictionary<string, string?> { ["EVOSTREAM_API_OUTCOME_WAIT_MS"] = "0" });
        await bed.InsertInstanceAsync("alpha", token: "alpha-token-1234567890");
        await bed.InsertInstanceAsync("beta", token: "beta-token-1234567890");

        var list = await ApiTestBed.JsonAsync(await bed.SendAsync(HttpMethod.Get, "/instance/fetchInstances", key: "alpha-token-1234567890"));
        Assert.Equal(["alpha"], list.EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        var all = await ApiTestBed.JsonAsync(await bed.SendAsync(HttpMethod.Get, "/instance/fetchInstances"));
        Assert.Equal(["alpha", "beta"], all.EnumerateArray().Select(i => i.GetProperty("name").GetString()).Order());
        Assert.All(all.EnumerateArray(), i => Assert.Equal(System.Text.Json.JsonValueKind.Null, i.GetProperty("token").ValueKind));

        await bed.SendAsync(HttpMethod.Post, "/message/sendText/alpha", new { number = "5511999999999", text = "Hi" }, key: "alpha-token-1234567890");
        var (_, _, headers) = await bed.NextCommandAsync();
        Assert.Equal("api/instance-token", System.Text.Encoding.UTF8.GetString(headers.GetLastBytes("issued-by")));
    }
}

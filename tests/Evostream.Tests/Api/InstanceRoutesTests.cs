using System.Net;
using Evostream.Api.Auth;
using Evostream.Contracts.V1;
using Evostream.Tests.Infrastructure;

namespace Evostream.Tests.Api;

public class InstanceRoutesTests(EmbeddedStack stack)
{
    [Fact]
    public async Task Create_writes_only_the_tokens_hash_and_answers_201_with_the_token_and_the_QR()
    {
        await using var bed = await ApiTestBed.StartAsync(stack);
        CommandEnvelope? created = null;
        bed.Respond(_ => Outcome.Executed(), async c =>
        {
            created = c;
            await bed.InsertQrAsync(c.Instance, "data:image/png;base64,iVBORw0KGgo=", 1);
        });
        var response = await bed.SendAsync(HttpMethod.Post, "/instance/create", new { instanceName = "my-whatsapp", qrcode = true });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await ApiTestBed.JsonAsync(response);
        var token = body.GetProperty("hash").GetString()!;
        Assert.Equal(TokenHash.Hex(token), created!.CreateInstance.TokenSha256);
        Assert.True(created.CreateInstance.Qrcode);
        Assert.Equal("my-whatsapp", body.GetProperty("instance").GetProperty("instanceName").GetString());
        Assert.Equal(created.CreateInstance.InstanceId, body.GetProperty("instance").GetProperty("instanceId").GetString());
        Assert.Equal("data:image/png;base64,iVBORw0KGgo=", body.GetProperty("qrcode").GetProperty("base64").GetString());
        Assert.Equal(1, body.GetProperty("qrcode").GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Create_takes_the_callers_token_and_refuses_a_taken_name_with_409()
    {
        await using var bed = await ApiTestBed.StartAsync(stack, new Dictionary<string, string?> { ["EVOSTREAM_API_OUTCOME_WAIT_MS"] = "0" });
        await bed.SendAsync(HttpMethod.Post, "/instance/create", new { instanceName = "mine", token = "my-own-token-123" });
        var (key, command, _) = await bed.NextCommandAsync();
        Assert.Equal("mine", key);
        Assert.Equal(TokenHash.Hex("my-own-token-123"), command.CreateInstance.TokenSha256);

        await bed.InsertInstanceAsync("taken");
        var conflict = await bed.SendAsync(HttpMethod.Post, "/instance/create", new { instanceName = "taken" });
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("taken", (await ApiTestBed.JsonAsync(conflict)).GetProperty("response").GetProperty("message")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await bed.SendAsync(HttpMethod.Post, "/instance/create", new { qrcode = true })).StatusCode);
    }

    [Fact]
    public async Task Connect_passes_the_pairing_number_and_answers_with_the_new_QR_or_the_open_state()
    {
        await using var bed = await ApiTestBed.StartAsync(stack);
        await bed.InsertInstanceAsync("shop-1");
        await bed.InsertInstanceAsync("shop-open", status: "open");
        CommandEnvelope? connect = null;
        bed.Respond(_ => Outcome.Executed(), async c =>
        {
            connect = c;
            await bed.ExecuteAsync(
                "INSERT INTO instance_qrcodes (instance, code, base64, pairing_code, count, updated_at, version) VALUES ($1, '2@abc', 'data:image/png;base64,AA==', 'WZYEH1YY', 2, now(), '1')",
                c.Instance);
        });

        var response = await bed.SendAsync(HttpMethod.Get, "/instance/connect/shop-1?number=5511999999999");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ApiTestBed.JsonAsync(response);
        Assert.Equal("5511999999999", connect!.ConnectInstance.Number);
        Assert.Equal("WZYEH1YY", body.GetProperty("pairingCode").GetString());
        Assert.Equal("2@abc", body.GetProperty("code").GetString());

        var open = await ApiTestBed.JsonAsync(await bed.SendAsync(HttpMethod.Get, "/instance/connect/shop-open"));
        Assert.Equal("open", open.GetProperty("instance").GetProperty("state").GetString());
    }

    [Fact]
    public async Task ConnectionState_and_fetchInstances_read_the_read_model_and_unknown_instances_are_404()
    {
        await using var bed = await ApiTestBed.StartAsync(stack);
        await bed.InsertInstanceAsync("shop-1", status: "connecting");
        var state = await ApiTestBed.JsonAsync(await bed.SendAsync(HttpMethod.Get, "/instance/connectionState/shop-1"));
        Assert.Equal("""{"instance":{"instanceName":"shop-1","state":"connecting"}}""", state.GetRawText());

        var missing = await bed.SendAsync(HttpMethod.Get, "/instance/connectionState/nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("Instance not found", (await ApiTestBed.JsonAsync(missing)).GetProperty("response").GetProperty("message")[0].GetString(), StringComparison.Ordinal);

        var one = await ApiTestBed.JsonAsync(await bed.SendAsync(HttpMethod.Get, "/instance/fetchInstances?instanceName=shop-1"));
        Assert.Equal("connecting", Assert.Single(one.EnumerateArray()).GetProperty("connectionStatus").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await bed.SendAsync(HttpMethod.Get, "/instance/fetchInstances?instanceName=nope")).StatusCode);
    }
}

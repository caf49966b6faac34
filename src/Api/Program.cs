using Evostream.Api;
using Evostream.Platform.Hosting;

return await ServiceMain.RunAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddEvostreamApi();
    var app = builder.Build();
    app.MapEvostreamApi();
    await app.RunAsync();
});

using Evostream.Platform.Hosting;
using Evostream.Projections;
using Evostream.Projections.Lag;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

return await ServiceMain.RunAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddProjections();
    var port = new ProjectionsSettingsReader(name => builder.Configuration[name]).Read().Port;
    builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
    var app = builder.Build();
    app.MapProjections();
    await app.RunAsync();
});

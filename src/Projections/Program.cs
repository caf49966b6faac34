using Evostream.Projections;
using Evostream.Platform.Hosting;
using Microsoft.Extensions.Hosting;

return await ServiceMain.RunAsync(async () =>
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.AddProjections();
    await builder.Build().RunAsync();
});

using Evostream.Connector;
using Evostream.Platform.Hosting;
using Microsoft.Extensions.Hosting;

return await ServiceMain.RunAsync(async () =>
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.AddConnector();
    await builder.Build().RunAsync();
});

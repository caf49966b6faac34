using Evostream.CommandProcessor;
using Evostream.Platform.Hosting;
using Microsoft.Extensions.Hosting;

return await ServiceMain.RunAsync(async () =>
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.AddCommandProcessor();
    await builder.Build().RunAsync();
});

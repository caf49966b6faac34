using Evostream.Delivery;
using Evostream.Platform.Hosting;
using Microsoft.Extensions.Hosting;

return await ServiceMain.RunAsync(async () =>
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.AddDelivery();
    await builder.Build().RunAsync();
});

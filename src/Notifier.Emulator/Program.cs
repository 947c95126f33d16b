using Notifier.Emulator.Hosting;

var builder = WebApplication.CreateSlimBuilder(args);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    // The official emulator's address, so tools configured for it work unchanged.
    builder.WebHost.UseUrls("http://localhost:8080");
}

builder.Services.AddWebPubSubEmulator(builder.Configuration);
builder.Services.AddHostedService<StartupBanner>();

var app = builder.Build();
app.MapWebPubSubEmulator();
app.Run();

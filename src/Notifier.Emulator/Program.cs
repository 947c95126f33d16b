using Notifier.Emulator.Hosting;

// Nothing on the emulator's I/O path blocks (event-handler calls are asynchronous), so socket completions may run
// inline instead of hopping to the thread pool: one hop less per send. Read once, before the first socket exists.
Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");

var builder = WebApplication.CreateSlimBuilder(args);
builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
if (string.IsNullOrEmpty(builder.Configuration["urls"]))
{
    // The official emulator's address, so tools configured for it work unchanged.
    builder.WebHost.UseUrls("http://localhost:8080");
}

builder.Services.AddWebPubSubEmulator(builder.Configuration);
builder.Services.AddHostedService<StartupBanner>();
builder.Services.AddHostedService<IdleCollector>();

var app = builder.Build();
app.MapWebPubSubEmulator();
app.Run();

using System.Text;
using Microsoft.AspNetCore.SignalR;
using Notifier.Bench.SignalRPeer;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddSignalR();

var app = builder.Build();
app.MapHub<BroadcastHub>("/hub");
app.MapGet("/health", () => Results.Ok());
app.MapPost("/broadcast", async (HttpRequest request, IHubContext<BroadcastHub> hub) =>
{
    using var reader = new StreamReader(request.Body, Encoding.UTF8);
    var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
    await hub.Clients.All.SendAsync("message", body, request.HttpContext.RequestAborted).ConfigureAwait(false);
    return Results.Accepted();
});

app.Run();

// The cold-start baseline for the function app: the same host builder (CreateSlimBuilder), the same health answer,
// nothing else. Published the same way (self-contained linux-x64, ReadyToRun); listens on --urls.
var builder = WebApplication.CreateSlimBuilder(args);
var app = builder.Build();
app.MapGet("/api/health", () => Results.Text("{\"status\":\"healthy\"}", "application/json"));
await app.RunAsync().ConfigureAwait(false);

using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Notifier.Functions.Tests.Infrastructure;

/// <summary>
/// Records the event requests the emulator sends to the app's <c>/api/webpubsub</c> and SignalR upstream calls to
/// <c>/api/signalr/…</c>, exactly as they arrive (path, signed headers and body), as someone who can read the traffic
/// would; the request then goes on unchanged.
/// </summary>
public sealed class EventCapture : IStartupFilter
{
    private readonly ConcurrentQueue<CapturedEvent> _events = new();

    public IReadOnlyList<CapturedEvent> Events => [.. _events];

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, nextMiddleware) =>
        {
            var path = context.Request.Path;
            if (HttpMethods.IsPost(context.Request.Method) && (path == "/api/webpubsub" || path.StartsWithSegments("/api/signalr", StringComparison.Ordinal)))
            {
                context.Request.EnableBuffering();
                using var body = new MemoryStream();
                await context.Request.Body.CopyToAsync(body, context.RequestAborted);
                context.Request.Body.Position = 0;
                var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
                _events.Enqueue(new CapturedEvent(headers, body.ToArray(), path.Value!.TrimStart('/')));
            }

            await nextMiddleware(context);
        });
        next(app);
    };
}

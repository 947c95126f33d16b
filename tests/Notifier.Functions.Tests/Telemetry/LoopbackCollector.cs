using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Notifier.Functions.Tests.Telemetry;

/// <summary>
/// A telemetry endpoint on a loopback port that accepts whatever is posted (Azure Monitor's <c>/v2.1/track</c>, live
/// metrics, OTLP's <c>/v1/traces</c>) and keeps it, so exporters can be tested without leaving the machine.
/// </summary>
public sealed class LoopbackCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

    private LoopbackCollector(WebApplication app)
    {
        _app = app;
    }

    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<(string Path, byte[] Body)> Received => [.. _received];

    public static async Task<LoopbackCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var collector = new LoopbackCollector(app);
        app.Run(collector.HandleAsync);
        await app.StartAsync();
        collector.Endpoint = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single() + "/");
        return collector;
    }

    /// <summary>The text of what was posted to paths starting with <paramref name="path"/>.</summary>
    public string TextOf(string path) =>
        string.Join('\n', Received.Where(r => r.Path.StartsWith(path, StringComparison.Ordinal)).Select(r => Encoding.UTF8.GetString(r.Body)));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        var input = context.Request.Headers.ContentEncoding == "gzip" ? new GZipStream(context.Request.Body, CompressionMode.Decompress) : context.Request.Body;
        await input.CopyToAsync(body, context.RequestAborted);
        _received.Enqueue((context.Request.Path.Value ?? string.Empty, body.ToArray()));
        if (context.Request.Path.StartsWithSegments("/v2.1/track"))
        {
            // Azure Monitor's answer: everything accepted.
            var items = Encoding.UTF8.GetString(body.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;
            await context.Response.WriteAsJsonAsync(new { itemsReceived = items, itemsAccepted = items, errors = Array.Empty<object>() }, context.RequestAborted);
        }
    }
}

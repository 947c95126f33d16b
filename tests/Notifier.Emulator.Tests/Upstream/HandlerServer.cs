using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifier.Azure.WebPubSub.Protocol;

namespace Notifier.Emulator.Tests.Upstream;

/// <summary>
/// A real event handler for the emulator to call: Kestrel on a free loopback port that records every request as it
/// arrives and answers through <see cref="Respond"/>. By default it allows any origin and answers events with an
/// empty 200.
/// </summary>
public sealed class HandlerServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<HandlerRequest> _requests = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private HandlerServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>http://127.0.0.1:port/</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The URL template to configure in the emulator.</summary>
    public string UrlTemplate => Endpoint.AbsoluteUri + "events/{hub}/{event}";

    /// <summary>How to answer a request; replace per test. The default allows every origin and accepts every event.</summary>
    public Func<HandlerRequest, HttpResponse, Task> Respond { get; set; } = DefaultRespond;

    public IReadOnlyList<HandlerRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>The CloudEvents POSTs only, in arrival order.</summary>
    public IReadOnlyList<HandlerRequest> Events => [.. Requests.Where(r => r.Method == HttpMethods.Post)];

    public static async Task<HandlerServer> StartAsync(Func<HandlerRequest, HttpResponse, Task>? respond = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new HandlerServer(app);
        if (respond is not null)
        {
            server.Respond = respond;
        }

        app.Run(server.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/");
        return server;
    }

    /// <summary>Emulator settings with this server as hub <paramref name="hub"/>'s only handler, and 10 ms retry delays.</summary>
    public Dictionary<string, string?> Settings(string hub = "chat", string systemEvents = "connect,connected,disconnected", string? eventPattern = "*")
    {
        var prefix = $"WebPubSub:Hubs:{hub}:EventHandlers:0:";
        var settings = new Dictionary<string, string?>
        {
            [prefix + "UrlTemplate"] = UrlTemplate,
            [prefix + "EventPattern"] = eventPattern,
            ["WebPubSub:EventHandlerRetryDelays:0"] = "00:00:00.010",
            ["WebPubSub:EventHandlerRetryDelays:1"] = "00:00:00.010",
            ["WebPubSub:EventHandlerRetryDelays:2"] = "00:00:00.010",
        };
        var events = systemEvents.Split(',', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < events.Length; i++)
        {
            settings[prefix + $"SystemEvents:{i}"] = events[i];
        }

        return settings;
    }

    /// <summary>The first request (arrived or arriving) that matches.</summary>
    public async Task<HandlerRequest> WaitForAsync(Func<HandlerRequest, bool> predicate, TimeSpan? timeout = null) =>
        (await WaitForAsync(predicate, 1, timeout))[0];

    /// <summary>Waits until <paramref name="count"/> requests match; returns them in arrival order.</summary>
    public async Task<IReadOnlyList<HandlerRequest>> WaitForAsync(Func<HandlerRequest, bool> predicate, int count, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            Task changed;
            lock (_requests)
            {
                var matches = _requests.Where(predicate).ToList();
                if (matches.Count >= count)
                {
                    return matches;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                var seen = string.Join("; ", Requests.Select(r => r.ToString()));
                throw new TimeoutException($"Expected {count} matching handler requests; saw: {seen}");
            }
        }
    }

    /// <summary>The event POST of <paramref name="eventName"/> for <paramref name="connectionId"/>.</summary>
    public Task<HandlerRequest> WaitForEventAsync(string eventName, string? connectionId = null) =>
        WaitForAsync(r => r.Method == HttpMethods.Post && r.EventName == eventName && (connectionId is null || r.ConnectionId == connectionId));

    public static Task DefaultRespond(HandlerRequest request, HttpResponse response)
    {
        if (request.Method is "OPTIONS" or "GET")
        {
            response.Headers[CloudEventHeaders.WebHookAllowedOrigin] = "*";
        }

        response.StatusCode = StatusCodes.Status200OK;
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var request = new HandlerRequest(
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? string.Empty).ToArray(), StringComparer.OrdinalIgnoreCase),
            body.ToArray());
        lock (_requests)
        {
            _requests.Add(request);
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        await Respond(request, context.Response);
    }
}

/// <summary>One request the handler received.</summary>
public sealed record HandlerRequest(string Method, string Path, IReadOnlyDictionary<string, string[]> Headers, byte[] Body)
{
    public string? EventName => Header(CloudEventHeaders.EventName);

    public string? ConnectionId => Header(CloudEventHeaders.ConnectionId);

    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>The single value of a header, or null when absent.</summary>
    public string? Header(string name) => Headers.TryGetValue(name, out var values) ? string.Join(",", values) : null;

    public System.Text.Json.JsonElement Json() => System.Text.Json.JsonDocument.Parse(Body).RootElement.Clone();

    public override string ToString() => $"{Method} {Path} {EventName} {ConnectionId}";
}

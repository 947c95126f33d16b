using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifier.Azure.WebPubSub.EventHandler;

namespace Notifier.Azure.WebPubSub.Tests.EventHandler.Infrastructure;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with a free port, serving <see cref="RecordingHandler"/> at
/// <see cref="Path"/>, and an <see cref="HttpClient"/> pointed at it.
/// </summary>
public sealed class EventHandlerHost : IAsyncDisposable
{
    public const string Path = "/api/webpubsub";

    private readonly WebApplication _app;

    private EventHandlerHost(WebApplication app, HttpClient client, EventRecorder recorder, RecordingLoggerProvider logs)
    {
        _app = app;
        Client = client;
        Recorder = recorder;
        Logs = logs;
    }

    public HttpClient Client { get; }

    public EventRecorder Recorder { get; }

    public RecordingLoggerProvider Logs { get; }

    /// <summary>Endpoint <see cref="TestKeys.ServiceEndpoint"/> with <see cref="TestKeys.Primary"/>, hub <c>chat</c>.</summary>
    public static void DefaultOptions(WebPubSubEventHandlerOptions options)
    {
        options.Endpoints.Add(new WebPubSubServiceEndpoint(TestKeys.ServiceEndpoint, TestKeys.Primary));
        options.Hubs.Add(CloudEventRequests.Hub);
    }

    public static Task<EventHandlerHost> StartAsync(Action<WebPubSubEventHandlerOptions>? configure = null) =>
        StartAsync(builder => builder.Services.AddWebPubSubEventHandler<RecordingHandler>(configure ?? DefaultOptions));

    /// <summary>
    /// Starts a host whose services the caller sets up; <paramref name="mapEndpoints"/> replaces the default mapping
    /// of <see cref="RecordingHandler"/> at <see cref="Path"/>.
    /// </summary>
    public static async Task<EventHandlerHost> StartAsync(Action<WebApplicationBuilder> configureBuilder, Action<WebApplication>? mapEndpoints = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var logs = new RecordingLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        var recorder = new EventRecorder();
        builder.Services.AddSingleton(recorder);
        configureBuilder(builder);

        var app = builder.Build();
        if (mapEndpoints is null)
        {
            app.MapWebPubSubEventHandler<RecordingHandler>(Path);
        }
        else
        {
            mapEndpoints(app);
        }

        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        var client = new HttpClient { BaseAddress = new Uri(address) };
        return new EventHandlerHost(app, client, recorder, logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

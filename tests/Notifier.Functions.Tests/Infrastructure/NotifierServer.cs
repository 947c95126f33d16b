using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifier.Functions.QueueTriggers;

namespace Notifier.Functions.Tests.Infrastructure;

/// <summary>The function app, standalone, in-process on a free loopback port: the same executable code the host runs.</summary>
public sealed class NotifierServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private NotifierServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
        Http = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(30) };
        Host = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(30) };
        Host.DefaultRequestHeaders.Add(HostInvocationKey.HeaderName, app.Services.GetRequiredService<HostInvocationKey>().Value);
    }

    public Uri Endpoint { get; }

    public HttpClient Http { get; }

    /// <summary>Gets a client that calls as the local queue trigger does, with this process's invocation key.</summary>
    public HttpClient Host { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<NotifierServer> StartAsync(IDictionary<string, string?> settings, Action<IServiceCollection>? services = null)
    {
        var app = NotifierApplication.Build(
            ["--urls", "http://127.0.0.1:0"],
            configuration => configuration.AddInMemoryCollection(settings),
            collection =>
            {
                collection.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
                services?.Invoke(collection);
            });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new NotifierServer(app, new Uri(address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Host.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

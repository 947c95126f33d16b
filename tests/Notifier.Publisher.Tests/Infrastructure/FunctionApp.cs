using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifier.Functions;
using Notifier.Functions.QueueTriggers;

namespace Notifier.Publisher.Tests.Infrastructure;

/// <summary>The function app, standalone and in-process on a free loopback port: the code the Functions host runs.</summary>
public sealed class FunctionApp : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FunctionApp(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
        Host = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(30) };
        Host.DefaultRequestHeaders.Add(HostInvocationKey.HeaderName, app.Services.GetRequiredService<HostInvocationKey>().Value);
        Users = new HttpClient { BaseAddress = endpoint, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Endpoint { get; }

    /// <summary>Gets a client that calls the invocation routes as the Functions host (or the local queue trigger) does.</summary>
    public HttpClient Host { get; }

    /// <summary>Gets a plain client for the user routes (negotiate, inbox).</summary>
    public HttpClient Users { get; }

    public static async Task<FunctionApp> StartAsync(IDictionary<string, string?> settings)
    {
        var app = NotifierApplication.Build(
            ["--urls", "http://127.0.0.1:0"],
            configuration => configuration.AddInMemoryCollection(settings),
            services => services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning)));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new FunctionApp(app, new Uri(address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        Host.Dispose();
        Users.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifier.Azure.WebPubSub.Rest;
using Notifier.Emulator.Hosting;

namespace Notifier.Testing.Emulator;

/// <summary>The emulator hosted in-process on a free loopback port, as the local stack hosts it.</summary>
public sealed class EmulatorServer : IAsyncDisposable
{
    public const string AccessKey = EmulatorOptions.DefaultAccessKey;

    private readonly WebApplication _app;

    private EmulatorServer(WebApplication app, Uri endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>http://127.0.0.1:port</summary>
    public Uri Endpoint { get; }

    public string ConnectionString => $"Endpoint={Endpoint.AbsoluteUri.TrimEnd('/')};AccessKey={AccessKey};Version=1.0;";

    public IServiceProvider Services => _app.Services;

    public static async Task<EmulatorServer> StartAsync(
        IDictionary<string, string?>? settings = null,
        Action<EmulatorOptions>? configure = null,
        Action<IServiceCollection>? services = null,
        int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Services.AddWebPubSubEmulator(builder.Configuration, configure);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapWebPubSubEmulator();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new EmulatorServer(app, new Uri(address));
    }

    /// <summary>A loopback port that was free a moment ago, for servers that must know each other's address up front.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public WebPubSubRestClient CreateRestClient(string hub = "chat") => new(ConnectionString, hub);

    /// <summary>A client access URL for <paramref name="hub"/>, signed with the emulator's key.</summary>
    public Uri ClientUri(string hub = "chat", string? userId = null, IEnumerable<string>? roles = null, IEnumerable<string>? groups = null)
    {
        var options = new ClientTokenOptions { UserId = userId };
        foreach (var role in roles ?? [])
        {
            options.Roles.Add(role);
        }

        foreach (var group in groups ?? [])
        {
            options.Groups.Add(group);
        }

        return CreateRestClient(hub).GetClientAccess(options).Uri;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

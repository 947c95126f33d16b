using Azure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifier.Azure.SignalR.Rest;
using Notifier.Azure.SignalR.Upstream;
using Notifier.Testing.Net;

namespace Notifier.Emulator.Tests.SignalR.Infrastructure;

/// <summary>
/// The emulator in SignalR mode with a small serverless app in front of it, as a function app would be: the app's
/// <c>/api/negotiate?userId=</c> answers the redirect <c>{url, accessToken}</c> from our REST client, its
/// <c>/api/send/…</c> routes send through the REST API (for the Node script), and its upstream endpoint is our library's,
/// with the emulator's key. Optionally the clients reach the emulator through a TCP proxy that a test (or the Node
/// script, through <c>/api/test/cut</c>) can cut.
/// </summary>
public sealed class ServerlessEnvironment : IAsyncDisposable
{
    public const string Hub = "notifications";

    private readonly WebApplication _app;

    private ServerlessEnvironment(WebApplication app, EmulatorServer emulator, TcpProxy? proxy, Uri appUrl, UpstreamRecorder upstream, SignalRRestClient rest, string accessKey)
    {
        _app = app;
        AccessKey = accessKey;
        Emulator = emulator;
        Proxy = proxy;
        AppUrl = appUrl;
        Upstream = upstream;
        Rest = rest;
    }

    public EmulatorServer Emulator { get; }

    /// <summary>The SignalR mode's access key: the emulator's (shared with Web PubSub) unless the test gave it its own.</summary>
    public string AccessKey { get; }

    public TcpProxy? Proxy { get; }

    /// <summary>http://127.0.0.1:port of the app; clients are built with <c>{AppUrl}api</c>.</summary>
    public Uri AppUrl { get; }

    public UpstreamRecorder Upstream { get; }

    /// <summary>A REST client for the hub, signed with the emulator's key.</summary>
    public SignalRRestClient Rest { get; }

    public string ConnectionString => $"Endpoint={Emulator.Endpoint.AbsoluteUri.TrimEnd('/')};AccessKey={AccessKey};Version=1.0;";

    /// <param name="throughProxy">Clients reach the emulator through a TCP proxy a test can cut.</param>
    /// <param name="emulatorSettings">More emulator settings.</param>
    /// <param name="signalRKey">A key of the SignalR mode's own (<c>SignalR:AccessKey</c>), for the <c>api-version</c> routes it shares with Web PubSub; the app signs with it.</param>
    public static async Task<ServerlessEnvironment> StartAsync(bool throughProxy = false, IDictionary<string, string?>? emulatorSettings = null, string? signalRKey = null)
    {
        var accessKey = signalRKey ?? EmulatorServer.AccessKey;
        var emulatorPort = EmulatorServer.FreePort();
        var proxy = throughProxy ? TcpProxy.Start(emulatorPort) : null;
        var emulatorUrl = new Uri($"http://127.0.0.1:{emulatorPort}");
        var clientEndpoint = proxy is null ? null : new Uri($"http://127.0.0.1:{proxy.Port}");
        var rest = new SignalRRestClient(emulatorUrl, Hub, new AzureKeyCredential(accessKey), new SignalRRestClientOptions { ClientEndpoint = clientEndpoint });

        var recorder = new UpstreamRecorder();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(recorder);
        builder.Services.AddSignalRUpstreamHandler<RecordingUpstream>(options => options.AccessKeys.Add(accessKey));
        var app = builder.Build();
        app.MapPost("/api/negotiate", async (HttpContext context, string? userId) =>
        {
            var access = await rest.GetClientAccessAsync(userId, cancellationToken: context.RequestAborted);
            return Results.Bytes(access.ToJson(), "application/json");
        });
        app.MapPost("/api/send/user/{userId}", async (string userId, string text) => (await rest.SendToUserAsync(userId, Message(text))).Status);
        app.MapPost("/api/send/group/{group}", async (string group, string text) => (await rest.SendToGroupAsync(group, Message(text))).Status);
        app.MapPost("/api/send/all", async (string text) => (await rest.SendToAllAsync(Message(text))).Status);
        app.MapPut("/api/groups/{group}/users/{userId}", async (string group, string userId) => (await rest.AddUserToGroupAsync(group, userId)).Status);
        app.MapDelete("/api/connections/{connectionId}", async (string connectionId, string reason) => (await rest.CloseConnectionAsync(connectionId, reason)).Status);
        app.MapPost("/api/test/cut", () =>
        {
            proxy?.Cut();
            return proxy is null ? Results.NotFound() : Results.NoContent();
        });
        app.MapSignalRUpstream<RecordingUpstream>("/upstream/{category}/{event}");
        await app.StartAsync();
        var appUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single() + "/");

        var settings = new Dictionary<string, string?>
        {
            ["SignalR:Upstream:0:UrlTemplate"] = new Uri(appUrl, "upstream/{category}/{event}").OriginalString,
        };
        if (signalRKey is not null)
        {
            settings["SignalR:AccessKey"] = signalRKey;
        }

        foreach (var (key, value) in emulatorSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var emulator = await EmulatorServer.StartAsync(settings, port: emulatorPort);
        return new ServerlessEnvironment(app, emulator, proxy, appUrl, recorder, rest, accessKey);
    }

    /// <summary>A plain-text notification, the one argument of <c>notify</c>.</summary>
    public static SignalRMessage Message(string text) =>
        SignalRMessage.Create("notify", BinaryData.FromObjectAsJson(text));

    /// <summary>A Microsoft .NET SignalR client for <paramref name="userId"/>, negotiating through the app.</summary>
    public HubConnection CreateClient(string userId, bool reconnect = false)
    {
        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(AppUrl, "api?userId=" + Uri.EscapeDataString(userId)), HttpTransportType.WebSockets);
        if (reconnect)
        {
            builder.WithAutomaticReconnect([TimeSpan.Zero, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)]);
        }

        return builder.Build();
    }

    /// <summary>Starts a client and returns it with the texts it receives through <c>notify</c>.</summary>
    public async Task<(HubConnection Client, Inbox Inbox)> ConnectAsync(string userId, bool reconnect = false)
    {
        var client = CreateClient(userId, reconnect);
        var inbox = new Inbox();
        client.On<string>("notify", inbox.Add);
        await client.StartAsync();
        return (client, inbox);
    }

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        if (Proxy is not null)
        {
            await Proxy.DisposeAsync();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

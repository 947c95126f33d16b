using Microsoft.Extensions.DependencyInjection;
using Notifier.Testing.Azurite;

namespace Notifier.Functions.Tests.Infrastructure;

/// <summary>
/// The whole stack on real parts: Azurite, the Web PubSub emulator with its event handler pointing at the function app,
/// and the function app standalone. The emulator's port is chosen first because the app must know it to sign tokens;
/// the app makes no network call at start, so starting it before the emulator is fine.
/// </summary>
public sealed class NotifierEnvironment : IAsyncDisposable
{
    private readonly bool _ownsAzurite;

    private NotifierEnvironment(AzuriteFixture azurite, bool ownsAzurite, EmulatorServer emulator, NotifierServer app)
    {
        Azurite = azurite;
        _ownsAzurite = ownsAzurite;
        Emulator = emulator;
        App = app;
        Client = new NotifierClient(app.Http);
    }

    public AzuriteFixture Azurite { get; }

    public EmulatorServer Emulator { get; }

    public NotifierServer App { get; }

    public NotifierClient Client { get; }

    /// <summary>Gets the transport the app runs with (<see cref="Transports"/>).</summary>
    public string Transport { get; private init; } = Transports.WebPubSub;

    /// <summary>
    /// Negotiates for <paramref name="userId"/> and connects over this stack's transport, as the client library does. On
    /// SignalR it waits for the app's <c>ready</c> unless <paramref name="waitUntilReady"/> is false (Web PubSub's
    /// blocking connect has admitted the connection by the time the socket opens).
    /// </summary>
    public async Task<IRealtimeTestClient> ConnectAsync(string userId, string? roles = null, Func<Uri, Uri>? route = null, bool waitUntilReady = true)
    {
        var negotiated = await Client.NegotiateAsync(userId, roles);
        return Transport == Transports.SignalR
            ? await SignalRTestClient.ConnectAsync(negotiated, route, waitUntilReady)
            : await WebPubSubTestClient.ConnectAsync(negotiated, route);
    }

    public static async Task<NotifierEnvironment> StartAsync(
        AzuriteFixture azurite,
        IDictionary<string, string?>? overrides = null,
        Action<IServiceCollection>? services = null,
        bool ownsAzurite = false,
        IDictionary<string, string?>? emulatorOverrides = null,
        string transport = Transports.WebPubSub)
    {
        var emulatorPort = EmulatorServer.FreePort();
        var emulatorEndpoint = new Uri($"http://127.0.0.1:{emulatorPort}");
        var appSettings = new Dictionary<string, string?>(transport == Transports.SignalR ? StackSettings.SignalR(emulatorEndpoint) : []);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            appSettings[key] = value;
        }

        var app = await NotifierServer.StartAsync(StackSettings.For(azurite.ConnectionString, emulatorEndpoint, appSettings), services);
        var emulatorSettings = StackSettings.Emulator(app.Endpoint);
        foreach (var (key, value) in StackSettings.EmulatorSignalR(app.Endpoint))
        {
            emulatorSettings[key] = value;
        }

        foreach (var (key, value) in emulatorOverrides ?? new Dictionary<string, string?>())
        {
            emulatorSettings[key] = value;
        }

        var emulator = await EmulatorServer.StartAsync(emulatorSettings, port: emulatorPort);
        return new NotifierEnvironment(azurite, ownsAzurite, emulator, app) { Transport = transport };
    }

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        await App.DisposeAsync();
        if (_ownsAzurite)
        {
            await Azurite.DisposeAsync();
        }
    }
}

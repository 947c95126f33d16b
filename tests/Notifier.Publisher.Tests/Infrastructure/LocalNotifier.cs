using System.Net.Http.Json;
using System.Text.Json;
using Azure;
using Notifier.Testing.Azurite;
using Notifier.Testing.Emulator;
using Notifier.Testing.Functions;
using Notifier.Testing.WebSockets;

namespace Notifier.Publisher.Tests.Infrastructure;

/// <summary>
/// The stack a backend publishes to, on real parts: Azurite, the Web PubSub emulator with its event handler pointing at
/// the function app, and the app standalone. The emulator's port is picked first because the app signs client URLs for it.
/// </summary>
public sealed class LocalNotifier : IAsyncDisposable
{
    private LocalNotifier(AzuriteFixture azurite, EmulatorServer emulator, FunctionApp app)
    {
        Azurite = azurite;
        Emulator = emulator;
        App = app;
    }

    public AzuriteFixture Azurite { get; }

    public EmulatorServer Emulator { get; }

    public FunctionApp App { get; }

    public static async Task<LocalNotifier> StartAsync(AzuriteFixture azurite, IDictionary<string, string?>? overrides = null)
    {
        var emulatorPort = EmulatorServer.FreePort();
        var app = await FunctionApp.StartAsync(StackSettings.For(azurite.ConnectionString, new Uri($"http://127.0.0.1:{emulatorPort}"), overrides));
        var emulator = await EmulatorServer.StartAsync(StackSettings.Emulator(app.Endpoint), port: emulatorPort);
        return new LocalNotifier(azurite, emulator, app);
    }

    public static string NewUser(string name) => $"{name}-{Guid.NewGuid():N}"[..24];

    /// <summary>A client as a backend makes it, with the stack's publisher key.</summary>
    public NotificationPublisherClient CreateClient(NotificationPublisherClientOptions? options = null, string apiKey = StackSettings.ApiKey) =>
        new(App.Endpoint, new AzureKeyCredential(apiKey), options ?? new NotificationPublisherClientOptions());

    /// <summary>Negotiates as <paramref name="userId"/> (development identity) and opens the WebSocket, as the browser client does.</summary>
    public async Task<TestWebSocket> ConnectAsync(string userId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/negotiate");
        request.Headers.Add("X-Notifier-User", userId);
        using var response = await App.Users.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var negotiated = await response.Content.ReadFromJsonAsync<JsonElement>();
        var (socket, _) = await TestWebSocket.ConnectJsonAsync(new Uri(negotiated.GetProperty("url").GetString()!));
        return socket;
    }

    /// <summary>The ids in the user's inbox, oldest first.</summary>
    public async Task<List<string>> InboxIdsAsync(string userId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/inbox?after=0&limit=100");
        request.Headers.Add("X-Notifier-User", userId);
        using var response = await App.Users.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("notification").GetProperty("id").GetString()!)];
    }

    /// <summary>Sets the user's preferences to mute <paramref name="types"/> (<c>PUT /api/preferences</c>).</summary>
    public async Task MuteTypesAsync(string userId, params string[] types)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "api/preferences")
        {
            Content = JsonContent.Create(new { muted = new { types, groups = Array.Empty<string>() } }),
        };
        request.Headers.Add("X-Notifier-User", userId);
        using var response = await App.Users.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Each notification in the user's inbox with whether it was muted for them.</summary>
    public async Task<Dictionary<string, bool>> InboxMutedAsync(string userId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/inbox?limit=100");
        request.Headers.Add("X-Notifier-User", userId);
        using var response = await App.Users.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        return page.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("notification").GetProperty("id").GetString()!, i => i.GetProperty("muted").GetBoolean());
    }

    /// <summary>The user's unread count (<c>GET /api/inbox/unread-count</c>).</summary>
    public async Task<int> UnreadAsync(string userId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/inbox/unread-count");
        request.Headers.Add("X-Notifier-User", userId);
        using var response = await App.Users.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("unread").GetInt32();
    }

    public async ValueTask DisposeAsync()
    {
        await Emulator.DisposeAsync();
        await App.DisposeAsync();
    }
}

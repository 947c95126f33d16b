using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Playwright;
using Notifier.Azure.SignalR.Rest;
using Notifier.Azure.WebPubSub.Rest;
using Notifier.DevHost.Stack;
using Notifier.Emulator.Hosting;

namespace Notifier.Browser.Tests.Infrastructure;

/// <summary>
/// The local stack as <c>dotnet run --project src/Notifier.DevHost -- --transport …</c> starts it (in-process here, on
/// free ports, with Azurite's data in a temporary folder), and one headless Chromium from Debian's package driven by
/// Playwright. One subclass per transport, so the same tests run against each.
/// </summary>
public abstract class StackFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The app's table of open connections per user (partition = user, row = connection id), kept at connect and disconnect.</summary>
    private const string UserConnectionsTable = "UserConnections";

    private string? _data;
    private LocalStack? _stack;
    private IPlaywright? _playwright;

    protected StackFixture(string transport)
    {
        Transport = transport;
    }

    /// <summary>Gets the transport the stack runs (<c>WebPubSub</c> or <c>SignalR</c>), as <c>--transport</c> names it.</summary>
    public string Transport { get; }

    /// <summary>Gets whether the stack runs the SignalR transport.</summary>
    public bool IsSignalR => Transport == "SignalR";

    /// <summary>Gets what the demo page shows as the transport.</summary>
    public string TransportName => IsSignalR ? "SignalR" : "Web PubSub";

    internal LocalStack Stack => _stack ?? throw new InvalidOperationException("The stack is not running.");

    public IBrowser Browser { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>Gets the demo page's address (the function app's root).</summary>
    public Uri BaseUrl => Stack.FunctionsEndpoint;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium package (scripts/test does: apt-get install -y chromium).");
        }

        _data = Directory.CreateTempSubdirectory("notifier-devhost-").FullName;
        var options = new LocalStackOptions
        {
            FunctionsPort = 0,
            EmulatorPort = 0,
            AzuriteBlobPort = 0,
            AzuriteQueuePort = 0,
            AzuriteTablePort = 0,
            AzuriteLocation = _data,
            HostName = "127.0.0.1",
            Quiet = true,
            ReadLocalSettings = false,
            Transport = Transport,
        };
        _stack = await LocalStack.StartAsync(options, TextWriter.Null, CancellationToken.None);
        Http = new HttpClient { BaseAddress = _stack.FunctionsEndpoint, Timeout = TimeSpan.FromSeconds(30) };

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Http?.Dispose();
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }

        if (_data is not null)
        {
            try
            {
                Directory.Delete(_data, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// Drops every open connection of <paramref name="user"/> on the service side, as the service does when it loses a
    /// client: Web PubSub closes them by user; SignalR Service closes connections by id, which the app records per user.
    /// </summary>
    public async Task CloseUserConnectionsAsync(string user, string reason)
    {
        var emulator = Stack.EmulatorEndpoint.AbsoluteUri.TrimEnd('/');
        var connectionString = $"Endpoint={emulator};AccessKey={EmulatorOptions.DefaultAccessKey};Version=1.0;";
        if (!IsSignalR)
        {
            var webPubSub = new WebPubSubRestClient(connectionString, LocalStack.Hub);
            Assert.Equal(204, (await webPubSub.CloseUserConnectionsAsync(user, reason: reason)).Status);
            return;
        }

        // The app records a connection at its `connected` upstream call, which may still be in flight when the page
        // shows "Live" (the handshake is done first).
        var table = new TableClient(Stack.StorageConnectionString, UserConnectionsTable);
        var signalR = new SignalRRestClient(connectionString, LocalStack.Hub);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var closed = 0;
        while (closed == 0 && DateTime.UtcNow < deadline)
        {
            await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {user}")))
            {
                // A row a lost disconnect left behind answers 404.
                if ((await signalR.CloseConnectionAsync(row.RowKey, reason)).Status == 202)
                {
                    closed++;
                }
            }

            if (closed == 0)
            {
                await Task.Delay(20);
            }
        }

        Assert.True(closed > 0, $"{user} has no open SignalR connection to close.");
    }

    /// <summary>A user name no other test uses.</summary>
    public static string NewUser(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 128)];

    /// <summary>Publishes as a backend would: POST /api/notifications with the local stack's API key.</summary>
    public async Task<string> PublishAsync(object request)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "api/notifications") { Content = JsonContent.Create(request) };
        message.Headers.Add("X-Api-Key", Stack.ApiKey);
        using var response = await Http.SendAsync(message);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"Publish answered {(int)response.StatusCode}: {body}");
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("id").GetString()!;
    }

    /// <summary>Marks notifications read over HTTP, as another device of <paramref name="user"/> would.</summary>
    public async Task MarkReadOverHttpAsync(string user, params string[] ids)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "api/inbox/read") { Content = JsonContent.Create(new { ids }) };
        message.Headers.Add("X-Notifier-User", user);
        using var response = await Http.SendAsync(message);
        Assert.True(response.IsSuccessStatusCode, $"Read answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>The unread count the server has for <paramref name="user"/>.</summary>
    public async Task<int> UnreadCountAsync(string user)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, "api/inbox/unread-count");
        message.Headers.Add("X-Notifier-User", user);
        using var response = await Http.SendAsync(message);
        response.EnsureSuccessStatusCode();
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("unread").GetInt32();
    }

    /// <summary>
    /// Waits until the server's unread count is <paramref name="expected"/>: the page updates optimistically before
    /// its request completes, so right after a click the server may not have answered yet.
    /// </summary>
    public async Task ExpectUnreadCountAsync(string user, int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        var actual = await UnreadCountAsync(user);
        while (actual != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            actual = await UnreadCountAsync(user);
        }

        Assert.Equal(expected, actual);
    }
}

using System.Globalization;
using Notifier.Testing.Azurite;
using Notifier.Testing.Emulator;
using Notifier.Testing.Functions;
using Notifier.Testing.Net;

namespace Notifier.Client.Tests.Infrastructure;

/// <summary>
/// The whole stack the JavaScript client talks to, on real parts: Azurite, the Web PubSub emulator (in-process, its
/// event handler pointing at the app) and the function app (a child process). The app's Web PubSub endpoint is a port
/// where each script starts its own proxy in front of the emulator, so negotiate hands out URLs through the client's
/// network, which the scripts can cut.
/// </summary>
public sealed class ClientStackFixture : IAsyncLifetime
{
    public const string Hub = StackSettings.Hub;
    public const string ApiKey = StackSettings.ApiKey;

    private readonly AzuriteFixture _azurite = new();
    private EmulatorServer? _emulator;
    private FunctionAppProcess? _app;

    public int ProxyPort { get; private set; }

    public FunctionAppProcess App => _app ?? throw new InvalidOperationException("The stack has not started.");

    public EmulatorServer Emulator => _emulator ?? throw new InvalidOperationException("The stack has not started.");

    /// <summary>The environment every script gets: where the app, the emulator and the proxy's port are.</summary>
    public IDictionary<string, string> ScriptEnvironment => new Dictionary<string, string>
    {
        ["NOTIFIER_BASE_URL"] = App.Endpoint.AbsoluteUri.TrimEnd('/'),
        ["NOTIFIER_API_KEY"] = ApiKey,
        ["EMULATOR_CONNECTION_STRING"] = Emulator.ConnectionString,
        ["EMULATOR_PORT"] = Emulator.Endpoint.Port.ToString(CultureInfo.InvariantCulture),
        ["PROXY_PORT"] = ProxyPort.ToString(CultureInfo.InvariantCulture),
        ["NOTIFIER_TRANSPORT"] = "WebPubSub",
        ["WEBPUBSUB_HUB"] = Hub,
    };

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();

        // The app must know the emulator's (proxy's) address to sign client tokens, and the emulator the app's to call
        // its event handler: ports first, then the app (it makes no network call at start), then the emulator.
        var emulatorPort = EmulatorServer.FreePort();
        // Each script opens and closes the proxy's listener, so its port must not be one an outgoing connection can take.
        ProxyPort = QuietPort.Pick();
        var settings = StackSettings.For(_azurite.ConnectionString, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{ProxyPort}")));
        _app = await FunctionAppProcess.StartAsync(settings.ToDictionary(s => s.Key, s => s.Value ?? string.Empty));

        _emulator = await EmulatorServer.StartAsync(StackSettings.Emulator(App.Endpoint), port: emulatorPort);
    }

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }
}

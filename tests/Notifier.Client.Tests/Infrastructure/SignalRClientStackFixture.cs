using System.Globalization;
using Notifier.Testing.Azurite;
using Notifier.Testing.Emulator;
using Notifier.Testing.Functions;
using Notifier.Testing.Net;

namespace Notifier.Client.Tests.Infrastructure;

/// <summary>
/// The stack with the SignalR transport: Azurite, the emulator as SignalR Service (its upstream pointing at the app)
/// and the function app (a child process) with <c>Notifier:Transport=SignalR</c>. The connection string's
/// <c>ClientEndpoint</c> is the port where each script starts its proxy, so negotiate sends clients through a network
/// the script can cut, while the app's own REST calls go to the emulator directly.
/// </summary>
public sealed class SignalRClientStackFixture : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private EmulatorServer? _emulator;
    private FunctionAppProcess? _app;

    public int ProxyPort { get; private set; }

    public FunctionAppProcess App => _app ?? throw new InvalidOperationException("The stack has not started.");

    public EmulatorServer Emulator => _emulator ?? throw new InvalidOperationException("The stack has not started.");

    public IDictionary<string, string> ScriptEnvironment => new Dictionary<string, string>
    {
        ["NOTIFIER_BASE_URL"] = App.Endpoint.AbsoluteUri.TrimEnd('/'),
        ["NOTIFIER_API_KEY"] = StackSettings.ApiKey,
        ["EMULATOR_CONNECTION_STRING"] = Emulator.ConnectionString,
        ["EMULATOR_PORT"] = Emulator.Endpoint.Port.ToString(CultureInfo.InvariantCulture),
        ["PROXY_PORT"] = ProxyPort.ToString(CultureInfo.InvariantCulture),
        ["NOTIFIER_TRANSPORT"] = "SignalR",
        ["WEBPUBSUB_HUB"] = StackSettings.Hub,
    };

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        var emulatorPort = EmulatorServer.FreePort();
        ProxyPort = QuietPort.Pick();
        var emulator = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{emulatorPort}"));
        var transport = StackSettings.SignalR(emulator);
        transport["SignalRConnection"] += string.Create(CultureInfo.InvariantCulture, $"ClientEndpoint=http://127.0.0.1:{ProxyPort};");
        var settings = StackSettings.For(_azurite.ConnectionString, emulator, transport);
        _app = await FunctionAppProcess.StartAsync(settings.ToDictionary(s => s.Key, s => s.Value ?? string.Empty));
        _emulator = await EmulatorServer.StartAsync(StackSettings.EmulatorSignalR(App.Endpoint), port: emulatorPort);
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

using Notifier.Emulator.Tests.Infrastructure;

namespace Notifier.Emulator.Tests.Sdk;

/// <summary>
/// The emulator judged by Microsoft's own npm packages: @azure/web-pubsub (REST), @azure/web-pubsub-client
/// (reliable client with recovery) and @azure/web-pubsub-express (event handler). Each script holds its assertions.
/// </summary>
public class OfficialSdkTests
{
    [Fact]
    public async Task ServerSdk_DrivesEveryRestOperation()
    {
        await using var server = await EmulatorServer.StartAsync();

        await NodeScript.RunAsync("server-sdk.mjs", Environment(server));
    }

    [Fact]
    public async Task ClientSdk_GroupsPermissionsAcksAndNoEcho()
    {
        await using var server = await EmulatorServer.StartAsync();

        await NodeScript.RunAsync("client-sdk.mjs", Environment(server));
    }

    [Fact]
    public async Task ClientSdk_RecoversFromNetworkCuts_WithoutLossOrDuplicates()
    {
        await using var server = await EmulatorServer.StartAsync();

        await NodeScript.RunAsync("network-cut.mjs", Environment(server));
    }

    [Fact]
    public async Task ExpressHandler_ReceivesTheEmulatorsCloudEvents()
    {
        var emulatorPort = EmulatorServer.FreePort();
        var handlerPort = EmulatorServer.FreePort();
        var endpoint = $"http://127.0.0.1:{emulatorPort}";
        using var node = NodeScript.Start("express-handler.mjs", new Dictionary<string, string>
        {
            ["EMULATOR_ENDPOINT"] = endpoint,
            ["EMULATOR_CONNECTION_STRING"] = $"Endpoint={endpoint};AccessKey={EmulatorServer.AccessKey};Version=1.0;",
            ["HANDLER_PORT"] = handlerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await node.WaitForLineAsync("handler listening");

        await using var server = await EmulatorServer.StartAsync(
            new Dictionary<string, string?>
            {
                ["WebPubSub:Hubs:chat:EventHandlers:0:UrlTemplate"] = $"http://127.0.0.1:{handlerPort}/eventhandler",
                ["WebPubSub:Hubs:chat:EventHandlers:0:SystemEvents:0"] = "connect",
                ["WebPubSub:Hubs:chat:EventHandlers:0:SystemEvents:1"] = "connected",
                ["WebPubSub:Hubs:chat:EventHandlers:0:SystemEvents:2"] = "disconnected",
                ["WebPubSub:Hubs:chat:EventHandlers:0:EventPattern"] = "*",
                // The handler's deliberate 500 is retried as the service would, just without the service's long waits.
                ["WebPubSub:EventHandlerRetryDelays:0"] = "00:00:00.050",
            },
            port: emulatorPort);

        await node.WaitForSuccessAsync();
    }

    private static Dictionary<string, string> Environment(EmulatorServer server) => new()
    {
        ["EMULATOR_ENDPOINT"] = server.Endpoint.AbsoluteUri,
        ["EMULATOR_CONNECTION_STRING"] = server.ConnectionString,
    };
}

using Notifier.Emulator.Tests.Infrastructure;
using Notifier.Emulator.Tests.SignalR.Infrastructure;

namespace Notifier.Emulator.Tests.SignalR;

/// <summary>The SignalR mode judged by @microsoft/signalr in Node; the script holds its assertions.</summary>
public sealed class NodeClientTests
{
    [Fact]
    public async Task MicrosoftJsClient_NegotiatesReceivesInvokesSurvivesACutAndSeesTheCloseReason()
    {
        await using var environment = await ServerlessEnvironment.StartAsync(throughProxy: true);

        await NodeScript.RunAsync("signalr-client.mjs", new Dictionary<string, string>
        {
            ["EMULATOR_ENDPOINT"] = environment.Emulator.Endpoint.AbsoluteUri,
            ["EMULATOR_CONNECTION_STRING"] = environment.ConnectionString,
            ["APP_URL"] = environment.AppUrl.AbsoluteUri,
        });
    }
}

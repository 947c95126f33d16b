using Notifier.Client.Tests.Infrastructure;

namespace Notifier.Client.Tests;

/// <summary>The client library's SignalR mode (<c>SignalRNotifierClient</c> on <c>@microsoft/signalr</c>) in Node against the stack with the SignalR transport.</summary>
[Collection(SignalRClientStackCollectionDefinition.Name)]
public sealed class SignalRClientScenarioTests
{
    private readonly SignalRClientStackFixture _stack;

    public SignalRClientScenarioTests(SignalRClientStackFixture stack)
    {
        _stack = stack;
    }

    /// <summary>Direct, group and broadcast pushes; acks; read sync across devices; two network cuts with nothing lost or repeated.</summary>
    [Fact]
    public Task ReceivesSyncsAndSurvivesNetworkCutsOverSignalR() => ClientScript.RunAsync("signalr-transport.mjs", _stack);
}

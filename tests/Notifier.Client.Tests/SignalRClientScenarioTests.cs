using Notifier.Client.Tests.Infrastructure;

namespace Notifier.Client.Tests;

/// <summary>
/// The client library's SignalR mode (<c>SignalRNotifierClient</c> on <c>@microsoft/signalr</c>) in Node against the
/// stack with the SignalR transport: the scenarios of <see cref="ClientScenarios"/>.
/// </summary>
[Collection(SignalRClientStackCollectionDefinition.Name)]
public sealed class SignalRClientScenarioTests : ClientScenarios
{
    private readonly SignalRClientStackFixture _stack;

    public SignalRClientScenarioTests(SignalRClientStackFixture stack)
    {
        _stack = stack;
    }

    protected override Task RunAsync(string script) => ClientScript.RunAsync(script, _stack);
}

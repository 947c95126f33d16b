using Notifier.Client.Tests.Infrastructure;

namespace Notifier.Client.Tests;

/// <summary>
/// The JavaScript client (client/src) in Node against the real stack with the Web PubSub transport. Each test runs one
/// script from js/, which exits 0 when every step held; the scripts share the stack and use fresh users, so they cannot
/// see each other's notifications. The scenarios of <see cref="ClientScenarios"/> run here and on SignalR; the ones
/// below are Web PubSub's alone.
/// </summary>
[Collection(ClientStackCollectionDefinition.Name)]
public sealed class ClientScenarioTests : ClientScenarios
{
    private readonly ClientStackFixture _stack;

    public ClientScenarioTests(ClientStackFixture stack)
    {
        _stack = stack;
    }

    /// <summary>
    /// A resume the service refuses (1008) or the network refuses leads to negotiate, a new session and a catch-up.
    /// Web PubSub only: SignalR's JSON protocol has no session to resume (every drop is a new connection, which
    /// <see cref="ClientScenarios.SurvivesNetworkCutsWithoutLossOrDuplicates"/> covers there).
    /// </summary>
    [Fact]
    public Task StartsANewSessionWhenResumingFails() => RunAsync("resume-refused.mjs");

    /// <summary>
    /// A connection that silently stops carrying data is detected by missing pongs and replaced. Web PubSub only: the
    /// ping option is this client's own; over SignalR, @microsoft/signalr notices silence by its server timeout (30 s
    /// after the service's keep-alives stop), which the SignalR client leaves at Microsoft's default.
    /// </summary>
    [Fact]
    public Task DetectsADeadConnectionByMissingPongs() => RunAsync("dead-connection.mjs");

    /// <summary>
    /// The browser's offline/online events: check at once, do not retry while offline, reconnect at once when online.
    /// Web PubSub only: the SignalR client leaves connection checks to @microsoft/signalr, which has no such handling.
    /// </summary>
    [Fact]
    public Task FollowsTheBrowsersOnlineAndOfflineEvents() => RunAsync("online-offline.mjs");

    protected override Task RunAsync(string script) => ClientScript.RunAsync(script, _stack);
}

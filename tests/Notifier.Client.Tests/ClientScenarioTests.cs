using Notifier.Client.Tests.Infrastructure;

namespace Notifier.Client.Tests;

/// <summary>
/// The JavaScript client (client/src) in Node against the real stack. Each test runs one script from js/, which exits 0
/// when every step held; the scripts share the stack and use fresh users, so they cannot see each other's notifications.
/// </summary>
[Collection(ClientStackCollectionDefinition.Name)]
public sealed class ClientScenarioTests
{
    private readonly ClientStackFixture _stack;

    public ClientScenarioTests(ClientStackFixture stack)
    {
        _stack = stack;
    }

    /// <summary>A push reaches two devices; acks count it delivered; markRead syncs the other device and sends a receipt.</summary>
    [Fact]
    public Task ReceivesAcknowledgesAndSyncsReadState() => ClientScript.RunAsync("receive-ack-read.mjs", _stack);

    /// <summary>Two network cuts in the middle of a stream: every notification exactly once, in sequence order.</summary>
    [Fact]
    public Task SurvivesNetworkCutsWithoutLossOrDuplicates() => ClientScript.RunAsync("network-cut.mjs", _stack);

    /// <summary>Stopped while 150 arrive: a restart, and a reload from storage, catch up on all of them in order, paged.</summary>
    [Fact]
    public Task CatchesUpAfterALongOfflinePeriod() => ClientScript.RunAsync("long-offline.mjs", _stack);

    /// <summary>A URL past its expiresAt is not reused: the client negotiates before reconnecting.</summary>
    [Fact]
    public Task NegotiatesAgainWhenTheUrlHasExpired() => ClientScript.RunAsync("token-expired.mjs", _stack);

    /// <summary>A URL whose token the service refuses at the handshake makes the client negotiate a fresh one.</summary>
    [Fact]
    public Task NegotiatesAgainWhenTheServiceRefusesTheToken() => ClientScript.RunAsync("token-rejected.mjs", _stack);

    /// <summary>A resume the service refuses (1008) or the network refuses leads to negotiate, a new session and a catch-up.</summary>
    [Fact]
    public Task StartsANewSessionWhenResumingFails() => ClientScript.RunAsync("resume-refused.mjs", _stack);

    /// <summary>A connection that silently stops carrying data is detected by missing pongs and replaced.</summary>
    [Fact]
    public Task DetectsADeadConnectionByMissingPongs() => ClientScript.RunAsync("dead-connection.mjs", _stack);

    /// <summary>The browser's offline/online events: check at once, do not retry while offline, reconnect at once when online.</summary>
    [Fact]
    public Task FollowsTheBrowsersOnlineAndOfflineEvents() => ClientScript.RunAsync("online-offline.mjs", _stack);

    /// <summary>Group pushes come at once; a sequence gap triggers a catch-up; nothing is delivered twice or out of order.</summary>
    [Fact]
    public Task ArchivesMarksUnreadDeletesAndSetsPreferencesAcrossDevices() => ClientScript.RunAsync("inbox-changes.mjs", _stack);

    [Fact]
    public Task DeliversInSequenceOrderAndDeduplicatesGroupPushes() => ClientScript.RunAsync("ordering.mjs", _stack);
}

namespace Notifier.Client.Tests;

/// <summary>
/// The client scenarios that apply to both transports, run once per transport by the two subclasses: the js/ script
/// reads <c>NOTIFIER_TRANSPORT</c> and drives <c>NotifierClient</c> (Web PubSub) or <c>SignalRNotifierClient</c> on
/// <c>@microsoft/signalr</c> (SignalR Service), with the same steps and, where the transports differ by design (no
/// session resume on SignalR), the observations each one promises.
/// </summary>
public abstract class ClientScenarios
{
    /// <summary>A push reaches two devices; acks count it delivered; markRead syncs the other device and sends a receipt.</summary>
    [Fact]
    public Task ReceivesAcknowledgesAndSyncsReadState() => RunAsync("receive-ack-read.mjs");

    /// <summary>Two network cuts in the middle of a stream: every notification exactly once, in sequence order.</summary>
    [Fact]
    public Task SurvivesNetworkCutsWithoutLossOrDuplicates() => RunAsync("network-cut.mjs");

    /// <summary>Stopped while 150 arrive: a restart, and a reload from the stored sequence, catch up on all of them in order, paged.</summary>
    [Fact]
    public Task CatchesUpAfterALongOfflinePeriod() => RunAsync("long-offline.mjs");

    /// <summary>A token past its expiresAt is not reused: the client negotiates before reconnecting.</summary>
    [Fact]
    public Task NegotiatesAgainWhenTheUrlHasExpired() => RunAsync("token-expired.mjs");

    /// <summary>A token the service refuses makes the client negotiate a fresh one.</summary>
    [Fact]
    public Task NegotiatesAgainWhenTheServiceRefusesTheToken() => RunAsync("token-rejected.mjs");

    /// <summary>Archive, unarchive, markUnread, remove and preferences reach the other device; a muted type arrives quietly.</summary>
    [Fact]
    public Task ArchivesMarksUnreadDeletesAndSetsPreferencesAcrossDevices() => RunAsync("inbox-changes.mjs");

    /// <summary>Group pushes come at once; a sequence gap triggers a catch-up; nothing is delivered twice or out of order.</summary>
    [Fact]
    public Task DeliversInSequenceOrderAndDeduplicatesGroupPushes() => RunAsync("ordering.mjs");

    protected abstract Task RunAsync(string script);
}

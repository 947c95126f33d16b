using System.Text;
using Notifier.Core.Identifiers;
using Notifier.Core.Inbox;
using Notifier.Core.Notifications;
using Notifier.Core.Publishing;

namespace Notifier.Core.Tests.Publishing;

/// <summary>
/// A notification to one user without an id gets an id bound to that user: it is stored by the inbox append alone (the
/// entry carries the record's fingerprint and publisher), and the id can never be published to anyone else.
/// </summary>
public class BoundIdPublishTests : PipelineTestBase
{
    [Fact]
    public async Task WithoutAnId_OneUsersNotification_IsStoredInTheInboxAlone()
    {
        var request = Request("""{"to":{"users":["alice"]},"title":"Hi"}""");

        var result = await PublishAsync(request);

        Assert.Equal(PublishStatus.Accepted, result.Status);
        Assert.True(result.Pushed);
        Assert.True(NotificationIds.TryGetBoundUser(result.Id, out var user));
        Assert.Equal("alice", user);
        Assert.Equal(0, Records.Count);
        var entry = Assert.Single(Inboxes.Inbox("alice"));
        Assert.Equal(result.Id, entry.NotificationId);
        Assert.Equal(request.Fingerprint, entry.Fingerprint);
        Assert.Equal("test-publisher", entry.Publisher);
        Assert.Single(Pusher.Pushes);
    }

    [Fact]
    public async Task AnIdMadeForThePublish_IsNew_SoTheInboxNeedNotRecogniseAReplay()
    {
        var ids = new NotificationIds(new SortableIdGenerator(Clock));
        var request = Request("""{"to":{"users":["alice"]},"title":"Hi"}""");

        // Made here, or by the HTTP endpoint before storing (so that a 503 can name it): only the publisher can send it again, as its own.
        await Pipeline.PublishAsync(request, new PublishContext("p"), CancellationToken.None);
        await Pipeline.PublishAsync(request, new PublishContext("p", ids.Choose(request), FallbackIsNew: true), CancellationToken.None);

        // Derived from a queue message, which the queue may deliver again; or the publisher's own, a bound one included.
        await Pipeline.PublishAsync(request, new PublishContext("p", NotificationIds.FromMessage("q-", "m1", null)), CancellationToken.None);
        await Pipeline.PublishAsync(Request($$"""{"id":"{{ids.Choose(request)}}","to":{"users":["alice"]},"title":"Hi"}"""), new PublishContext("p"), CancellationToken.None);

        Assert.Equal([true, true, false, false], Inboxes.Inbox("alice").Select(e => e.NewId));
    }

    [Fact]
    public async Task ANewIdForSeveralUsers_IsNew_UnlessAnotherRouteMayBringItToo()
    {
        await PublishAsync(Request("""{"to":{"users":["alice","bob"]},"title":"Hi"}"""));
        await PublishAsync(Request("""{"to":{"users":["alice"],"groups":["ops"]},"title":"Both"}"""));

        Assert.Equal([true, false], Inboxes.Inbox("alice").Select(e => e.NewId));
        Assert.True(Assert.Single(Inboxes.Inbox("bob")).NewId);
    }

    [Fact]
    public async Task AResumedPublish_AppendsAsARetry()
    {
        var request = Request("""{"id":"n1","to":{"users":["alice","bob"]},"title":"Hi"}""");
        Inboxes.FailNextAppendTo("bob");
        await Assert.ThrowsAnyAsync<Exception>(() => PublishAsync(request));

        await PublishAsync(request);

        Assert.False(Assert.Single(Inboxes.Inbox("alice")).Retry);
        var entry = Assert.Single(Inboxes.Inbox("bob"));
        Assert.True(entry.Retry);
        Assert.False(entry.NewId);
    }

    [Fact]
    public async Task WithAnIdOfItsOwn_TheEntryCarriesNoFingerprint()
    {
        await PublishAsync(Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi"}"""));

        Assert.Equal(1, Records.Count);
        Assert.Null(Assert.Single(Inboxes.Inbox("alice")).Fingerprint);
    }

    [Fact]
    public async Task ABoundId_RepeatedWithTheSameContent_IsADuplicate_NotStoredOrPushedAgain()
    {
        var first = await PublishAsync(Request("""{"to":{"users":["alice"]},"title":"Hi"}"""));

        var again = await PublishAsync(Request($$"""{"id":"{{first.Id}}","to":{"users":["alice"]},"title":"Hi"}"""));

        Assert.Equal(PublishStatus.Duplicate, again.Status);
        Assert.Equal(first.Id, again.Id);
        Assert.Single(Inboxes.Inbox("alice"));
        Assert.Single(Pusher.Pushes);
    }

    [Fact]
    public async Task ABoundId_RepeatedWithOtherContent_IsAConflict()
    {
        var first = await PublishAsync(Request("""{"to":{"users":["alice"]},"title":"Hi"}"""));

        var other = await PublishAsync(Request($$"""{"id":"{{first.Id}}","to":{"users":["alice"]},"title":"Other"}"""));

        Assert.Equal(PublishStatus.Conflict, other.Status);
        Assert.False(other.Pushed);
        Assert.Contains("\"Hi\"", Encoding.UTF8.GetString(Assert.Single(Inboxes.Inbox("alice")).Payload.Span), StringComparison.Ordinal);
        Assert.Single(Pusher.Pushes);
    }

    [Theory]
    [InlineData("""{"users":["bob"]}""")]
    [InlineData("""{"users":["alice","bob"]}""")]
    [InlineData("""{"groups":["ops"]}""")]
    [InlineData("""{"all":true}""")]
    public async Task ABoundId_ToAnyoneButItsUserAlone_IsAConflict_AndStoresNothing(string to)
    {
        const string Id = "01ARZ3NDEKTSV4RRFFQ69G5FAV@alice";

        var result = await PublishAsync(Request($$"""{"id":"{{Id}}","to":{{to}},"title":"Hi"}"""));

        Assert.Equal(PublishStatus.Conflict, result.Status);
        Assert.Equal($"The id '{Id}' names the user 'alice' and can only be published to that user alone.", result.ConflictMessage);
        Assert.Empty(Inboxes.Users);
        Assert.Empty(Inboxes.Streams);
        Assert.Equal(0, Records.Count);
        Assert.Empty(Pusher.Pushes);
    }

    [Fact]
    public async Task ABoundIdSentByThePublisher_ToItsUser_IsStoredLikeAGeneratedOne()
    {
        const string Id = "01ARZ3NDEKTSV4RRFFQ69G5FAV@alice";

        var result = await PublishAsync(Request($$"""{"id":"{{Id}}","to":{"users":["alice"]},"title":"Hi"}"""));

        Assert.Equal(PublishStatus.Accepted, result.Status);
        Assert.Equal(Id, result.Id);
        Assert.Equal(0, Records.Count);
        Assert.NotNull(Assert.Single(Inboxes.Inbox("alice")).Fingerprint);
    }

    [Fact]
    public async Task ABatchOfOneUsersNotificationsWithoutIds_IsStoredInTheInboxAlone_InOrder()
    {
        var requests = Enumerable.Range(1, 5).Select(i => Request($$"""{"to":{"users":["alice"]},"title":"{{i}}"}""")).ToList();

        var outcomes = await Pipeline.PublishBatchAsync(requests, [.. requests.Select(_ => new PublishContext("test-publisher"))], _ => false, CancellationToken.None);

        Assert.All(outcomes, o => Assert.Equal(PublishStatus.Accepted, o.Result!.Status));
        Assert.All(outcomes, o => Assert.True(NotificationIds.TryGetBoundUser(o.Result!.Id, out _)));
        Assert.Equal(0, Records.Count);
        Assert.Equal([.. outcomes.Select(o => o.Result!.Id)], Inboxes.Inbox("alice").Select(e => e.NotificationId));
    }

    [Fact]
    public async Task ABoundIdStoredBeforeIdsWereBound_WithoutAFingerprint_IsAReplay()
    {
        const string Id = "01ARZ3NDEKTSV4RRFFQ69G5FAV@alice";
        await Inboxes.AppendAsync("alice", new InboxEntry { NotificationId = Id, Payload = "{}"u8.ToArray(), CreatedAt = Start, ExpiresAt = Start.AddDays(1) }, null, CancellationToken.None);

        var result = await PublishAsync(Request($$"""{"id":"{{Id}}","to":{"users":["alice"]},"title":"Hi"}"""));

        Assert.Equal(PublishStatus.Duplicate, result.Status);
        Assert.Single(Inboxes.Inbox("alice"));
        Assert.Empty(Pusher.Pushes);
    }

    [Fact]
    public async Task ABoundIdsRecord_ReadsAsPushed_WithoutAskingTheInbox()
    {
        var record = new NotificationRecord
        {
            Id = "01ARZ3NDEKTSV4RRFFQ69G5FAV@alice",
            Fingerprint = "f",
            To = new Recipients(["alice"], [], all: false),
            Publisher = "p",
            Type = "notification",
            CreatedAt = Start,
            ExpiresAt = Start.AddDays(1),
            Payload = ReadOnlyMemory<byte>.Empty,
        };

        // The in-memory inbox holds nothing: the answer comes from the record alone.
        Assert.Equal(NotificationState.Pushed, await Pipeline.StateOfAsync(record, CancellationToken.None));
        Assert.Equal(NotificationState.Stored, await Pipeline.StateOfAsync(record with { State = NotificationState.Stored }, CancellationToken.None));
    }

    [Fact]
    public async Task ABoundId_WhosePushFailed_IsMarkedStored()
    {
        Pusher.FailWith = new InvalidOperationException("push down");

        var result = await PublishAsync(Request("""{"to":{"users":["alice"]},"title":"Hi"}"""));

        Assert.Equal(PublishStatus.Accepted, result.Status);
        Assert.False(result.Pushed);
        Assert.Equal((result.Id, NotificationState.Stored), Assert.Single(Records.StateChanges));
    }

    private Task<PublishResult> PublishAsync(NotificationRequest request) =>
        Pipeline.PublishAsync(request, new PublishContext("test-publisher"), CancellationToken.None);
}

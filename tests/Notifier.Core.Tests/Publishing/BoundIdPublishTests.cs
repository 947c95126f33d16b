using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.Core.Envelopes;
using Notifier.Core.Identifiers;
using Notifier.Core.Inbox;
using Notifier.Core.Notifications;
using Notifier.Core.Publishing;
using Notifier.Core.Tests.Fakes;
using Notifier.Testing.Time;

namespace Notifier.Core.Tests.Publishing;

/// <summary>
/// A notification to one user without an id gets an id bound to that user: it is stored by the inbox append alone (the
/// entry carries the record's fingerprint and publisher), and the id can never be published to anyone else.
/// </summary>
public class BoundIdPublishTests
{
    private static readonly DateTimeOffset Start = new(2025, 5, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly ManualTimeProvider _time = new(Start);
    private readonly InMemoryNotificationRecords _records = new();
    private readonly InMemoryInboxStore _inbox = new();
    private readonly RecordingPusher _pusher = new();
    private readonly PublishPipeline _pipeline;

    public BoundIdPublishTests()
    {
        var ids = new SortableIdGenerator(_time);
        _pipeline = new PublishPipeline(_records, _inbox, _inbox.Preferences, _pusher, new EnvelopeWriter(ids, _time), new NotificationIds(ids), new NotificationLimits(), _time, NullLogger<PublishPipeline>.Instance);
    }

    [Fact]
    public async Task WithoutAnId_OneUsersNotification_IsStoredInTheInboxAlone()
    {
        var request = Request("""{"to":{"users":["alice"]},"title":"Hi"}""");

        var result = await PublishAsync(request);

        Assert.Equal(PublishStatus.Accepted, result.Status);
        Assert.True(result.Pushed);
        Assert.True(NotificationIds.TryGetBoundUser(result.Id, out var user));
        Assert.Equal("alice", user);
        Assert.Equal(0, _records.Count);
        var entry = Assert.Single(_inbox.Inbox("alice"));
        Assert.Equal(result.Id, entry.NotificationId);
        Assert.Equal(request.Fingerprint, entry.Fingerprint);
        Assert.Equal("test-publisher", entry.Publisher);
        Assert.Single(_pusher.Pushes);
    }

    [Fact]
    public async Task WithAnIdOfItsOwn_TheEntryCarriesNoFingerprint()
    {
        await PublishAsync(Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi"}"""));

        Assert.Equal(1, _records.Count);
        Assert.Null(Assert.Single(_inbox.Inbox("alice")).Fingerprint);
    }

    [Fact]
    public async Task ABoundId_RepeatedWithTheSameContent_IsADuplicate_NotStoredOrPushedAgain()
    {
        var first = await PublishAsync(Request("""{"to":{"users":["alice"]},"title":"Hi"}"""));

        var again = await PublishAsync(Request($$"""{"id":"{{first.Id}}","to":{"users":["alice"]},"title":"Hi"}"""));

        Assert.Equal(PublishStatus.Duplicate, again.Status);
        Assert.Equal(first.Id, again.Id);
        Assert.Single(_inbox.Inbox("alice"));
        Assert.Single(_pusher.Pushes);
    }

    [Fact]
    public async Task ABoundId_RepeatedWithOtherContent_IsAConflict()
    {
        var first = await PublishAsync(Request("""{"to":{"users":["alice"]},"title":"Hi"}"""));

        var other = await PublishAsync(Request($$"""{"id":"{{first.Id}}","to":{"users":["alice"]},"title":"Other"}"""));

        Assert.Equal(PublishStatus.Conflict, other.Status);
        Assert.False(other.Pushed);
        Assert.Contains("\"Hi\"", Encoding.UTF8.GetString(Assert.Single(_inbox.Inbox("alice")).Payload.Span), StringComparison.Ordinal);
        Assert.Single(_pusher.Pushes);
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
        Assert.Empty(_inbox.Users);
        Assert.Empty(_inbox.Streams);
        Assert.Equal(0, _records.Count);
        Assert.Empty(_pusher.Pushes);
    }

    [Fact]
    public async Task ABoundIdSentByThePublisher_ToItsUser_IsStoredLikeAGeneratedOne()
    {
        const string Id = "01ARZ3NDEKTSV4RRFFQ69G5FAV@alice";

        var result = await PublishAsync(Request($$"""{"id":"{{Id}}","to":{"users":["alice"]},"title":"Hi"}"""));

        Assert.Equal(PublishStatus.Accepted, result.Status);
        Assert.Equal(Id, result.Id);
        Assert.Equal(0, _records.Count);
        Assert.NotNull(Assert.Single(_inbox.Inbox("alice")).Fingerprint);
    }

    [Fact]
    public async Task ABatchOfOneUsersNotificationsWithoutIds_IsStoredInTheInboxAlone_InOrder()
    {
        var requests = Enumerable.Range(1, 5).Select(i => Request($$"""{"to":{"users":["alice"]},"title":"{{i}}"}""")).ToList();

        var outcomes = await _pipeline.PublishBatchAsync(requests, [.. requests.Select(_ => new PublishContext("test-publisher"))], _ => false, CancellationToken.None);

        Assert.All(outcomes, o => Assert.Equal(PublishStatus.Accepted, o.Result!.Status));
        Assert.All(outcomes, o => Assert.True(NotificationIds.TryGetBoundUser(o.Result!.Id, out _)));
        Assert.Equal(0, _records.Count);
        Assert.Equal([.. outcomes.Select(o => o.Result!.Id)], _inbox.Inbox("alice").Select(e => e.NotificationId));
    }

    [Fact]
    public async Task ABoundIdStoredBeforeIdsWereBound_WithoutAFingerprint_IsAReplay()
    {
        const string Id = "01ARZ3NDEKTSV4RRFFQ69G5FAV@alice";
        await _inbox.AppendAsync("alice", new InboxEntry { NotificationId = Id, Payload = "{}"u8.ToArray(), CreatedAt = Start, ExpiresAt = Start.AddDays(1) }, CancellationToken.None);

        var result = await PublishAsync(Request($$"""{"id":"{{Id}}","to":{"users":["alice"]},"title":"Hi"}"""));

        Assert.Equal(PublishStatus.Duplicate, result.Status);
        Assert.Single(_inbox.Inbox("alice"));
        Assert.Empty(_pusher.Pushes);
    }

    [Fact]
    public async Task ABoundId_WhosePushFailed_IsMarkedStored()
    {
        _pusher.FailWith = new InvalidOperationException("push down");

        var result = await PublishAsync(Request("""{"to":{"users":["alice"]},"title":"Hi"}"""));

        Assert.Equal(PublishStatus.Accepted, result.Status);
        Assert.False(result.Pushed);
        Assert.Equal((result.Id, NotificationState.Stored), Assert.Single(_records.StateChanges));
    }

    private static NotificationRequest Request(string json)
    {
        var parsed = new NotificationRequestParser(new NotificationLimits()).Parse(Encoding.UTF8.GetBytes(json));
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors.Select(e => $"{e.Field}: {e.Message}")));
        return Assert.Single(parsed.Requests);
    }

    private Task<PublishResult> PublishAsync(NotificationRequest request) =>
        _pipeline.PublishAsync(request, new PublishContext("test-publisher"), CancellationToken.None);
}

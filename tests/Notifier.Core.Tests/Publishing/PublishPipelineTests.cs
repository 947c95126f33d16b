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

public class PublishPipelineTests
{
    private static readonly DateTimeOffset Start = new(2025, 5, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan DefaultTtl = TimeSpan.FromDays(7);
    private readonly ManualTimeProvider _time = new(Start);
    private readonly InMemoryNotificationRecords _records = new();
    private readonly InMemoryInboxStore _inbox = new();
    private readonly RecordingPusher _pusher = new();
    private readonly PublishPipeline _pipeline;

    public PublishPipelineTests()
    {
        var ids = new SortableIdGenerator(_time);
        _pipeline = new PublishPipeline(_records, _inbox, _inbox.Preferences, _pusher, new EnvelopeWriter(ids, _time), new NotificationIds(ids), new NotificationLimits(), _time, NullLogger<PublishPipeline>.Instance);
    }

    private static NotificationRequest Request(string json)
    {
        var parsed = new NotificationRequestParser(new NotificationLimits()).Parse(Encoding.UTF8.GetBytes(json));
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors.Select(e => $"{e.Field}: {e.Message}")));
        return Assert.Single(parsed.Requests);
    }

    private Task<PublishResult> PublishAsync(NotificationRequest request, PublishContext? context = null) =>
        _pipeline.PublishAsync(request, context ?? new PublishContext("test-publisher"), CancellationToken.None);

    private IEnumerable<InboxEntry> EveryStoredEntry() =>
        _inbox.Users.SelectMany(_inbox.Inbox).Concat(_inbox.Streams.SelectMany(_inbox.Stream));

    // ---- accepted ----

    [Fact]
    public async Task SingleUser_IsAppendedThenPushedWithTheInboxSequence()
    {
        var request = Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi"}""");
        var entriesAtPush = -1;
        NotificationState? stateAtPush = null;
        _pusher.OnSend = () =>
        {
            entriesAtPush = _inbox.Inbox("alice").Count;
            stateAtPush = _records.Find("n1")?.State;
        };

        var result = await PublishAsync(request);

        Assert.Equal(new PublishResult("n1", PublishStatus.Accepted, Start, Start + DefaultTtl, Pushed: true), result);
        var entry = Assert.Single(_inbox.Inbox("alice"));
        Assert.Equal(1, entry.Sequence);
        Assert.Equal("n1", entry.NotificationId);
        Assert.Equal(1, entriesAtPush);
        // Stored before the push, and the record never says so: a single user's notification costs the record and the
        // inbox transaction only; its state is derived from the inbox once it holds it.
        Assert.Equal(NotificationState.Accepted, stateAtPush);
        Assert.Empty(_inbox.Streams);

        var push = Assert.Single(_pusher.Pushes);
        Assert.Same(request.To, push.Recipients);
        var envelope = push.Envelope();
        Assert.Equal("notification", envelope.GetProperty("type").GetString());
        Assert.Equal(1, envelope.GetProperty("sequence").GetInt64());
        Assert.Equal("n1", envelope.GetProperty("payload").GetProperty("id").GetString());
        Assert.Equal("Hi", envelope.GetProperty("payload").GetProperty("title").GetString());

        Assert.Equal(NotificationState.Accepted, _records.Find("n1")!.State);
        Assert.Equal(NotificationState.Pushed, await _pipeline.StateOfAsync(_records.Find("n1")!, CancellationToken.None));
        Assert.Empty(_records.StateChanges);
    }

    [Fact]
    public async Task SingleUser_SequencesAreDensePerUser()
    {
        await PublishAsync(Request("""{"id":"n1","to":{"users":["alice"]},"title":"1"}"""));
        await PublishAsync(Request("""{"id":"n2","to":{"users":["bob"]},"title":"2"}"""));
        await PublishAsync(Request("""{"id":"n3","to":{"users":["alice"]},"title":"3"}"""));

        Assert.Equal([1L, 2L], _inbox.Inbox("alice").Select(e => e.Sequence));
        Assert.Equal([1L, 1L, 2L], _pusher.Pushes.Select(p => p.Envelope().GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task Record_KeepsPublisherSenderReceiptAndThePayloadThatIsStoredAndPushed()
    {
        var request = Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi","sender":"boss","receipt":true,"data":{"k":1}}""");

        await PublishAsync(request);

        var record = _records.Find("n1")!;
        Assert.Equal("test-publisher", record.Publisher);
        Assert.Equal("boss", record.Sender);
        Assert.True(record.Receipt);
        Assert.Equal(request.Fingerprint, record.Fingerprint);
        var expectedPayload = PayloadWriter.Write("n1", Start, "boss", request.Content.Span);
        Assert.Equal(expectedPayload, record.Payload.ToArray());

        var entry = Assert.Single(_inbox.Inbox("alice"));
        Assert.Equal(expectedPayload, entry.Payload.ToArray());
        Assert.Equal("boss", entry.Sender);
        Assert.True(entry.Receipt);
        Assert.Equal(Start, entry.CreatedAt);
        Assert.Equal(Start + DefaultTtl, entry.ExpiresAt);
        Assert.Equal(Encoding.UTF8.GetString(expectedPayload), Assert.Single(_pusher.Pushes).Envelope().GetProperty("payload").GetRawText());
    }

    [Fact]
    public async Task TtlSeconds_SetsTheExpiry()
    {
        var result = await PublishAsync(Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi","ttlSeconds":90}"""));

        Assert.Equal(Start + TimeSpan.FromSeconds(90), result.ExpiresAt);
        Assert.Equal(Start + TimeSpan.FromSeconds(90), Assert.Single(_inbox.Inbox("alice")).ExpiresAt);
    }

    [Fact]
    public async Task Groups_GoToTheirStreams_AndArePushedOnceWithoutSequence()
    {
        var request = Request("""{"id":"n1","to":{"groups":["g1","g2"]},"title":"Hi"}""");

        var result = await PublishAsync(request);

        Assert.Equal(PublishStatus.Accepted, result.Status);
        Assert.True(result.Pushed);
        Assert.Equal([StreamNames.ForGroup("g1"), StreamNames.ForGroup("g2")], _inbox.Streams);
        Assert.Equal(["group:g1", "group:g2"], _inbox.Streams);
        Assert.All(_inbox.Streams, s => Assert.Equal("n1", Assert.Single(_inbox.Stream(s)).NotificationId));
        Assert.Empty(_inbox.Users);
        var push = Assert.Single(_pusher.Pushes);
        Assert.Same(request.To, push.Recipients);
        Assert.False(push.Envelope().TryGetProperty("sequence", out _));
        Assert.Equal(NotificationState.Pushed, _records.Find("n1")!.State);
    }

    [Fact]
    public async Task All_GoesOnlyToTheAllStream_AndIsPushedOnceWithoutSequence()
    {
        var request = Request("""{"id":"n1","to":{"all":true},"title":"Hi"}""");

        await PublishAsync(request);

        Assert.Equal([StreamNames.All], _inbox.Streams);
        Assert.Single(_inbox.Stream("all"));
        Assert.Empty(_inbox.Users);
        var push = Assert.Single(_pusher.Pushes);
        Assert.True(push.Recipients!.All);
        Assert.False(push.Envelope().TryGetProperty("sequence", out _));
    }

    [Fact]
    public async Task UsersAndGroups_GoToInboxesAndStreams_AndArePushedOnceWithoutSequence()
    {
        await PublishAsync(Request("""{"id":"n1","to":{"users":["alice","bob"],"groups":["g"]},"title":"Hi"}"""));

        Assert.Equal(["alice", "bob"], _inbox.Users);
        Assert.All(_inbox.Users, u => Assert.Equal(1, Assert.Single(_inbox.Inbox(u)).Sequence));
        Assert.Equal(["group:g"], _inbox.Streams);
        var push = Assert.Single(_pusher.Pushes);
        Assert.False(push.Envelope().TryGetProperty("sequence", out _));
    }

    [Fact]
    public async Task SeveralUsers_GetOneEntryEach_AndOnePush()
    {
        var users = Enumerable.Range(0, 40).Select(i => $"u{i}").ToArray();
        await PublishAsync(Request("{\"id\":\"n1\",\"to\":{\"users\":[" + string.Join(',', users.Select(u => $"\"{u}\"")) + "]},\"title\":\"Hi\"}"));

        Assert.Equal(users.Order(StringComparer.Ordinal), _inbox.Users);
        Assert.All(users, u => Assert.Single(_inbox.Inbox(u)));
        Assert.Single(_pusher.Pushes);
    }

    // ---- ids ----

    [Fact]
    public async Task FallbackId_IsUsedWhenTheRequestHasNoId()
    {
        var result = await PublishAsync(Request("""{"to":{"users":["alice"]},"title":"Hi"}"""), new PublishContext("queue", FallbackId: "q-123"));

        Assert.Equal("q-123", result.Id);
        Assert.NotNull(_records.Find("q-123"));
        Assert.Equal("q-123", Assert.Single(_inbox.Inbox("alice")).NotificationId);
        Assert.Equal("q-123", Assert.Single(_pusher.Pushes).Envelope().GetProperty("payload").GetProperty("id").GetString());
    }

    [Fact]
    public async Task RequestId_WinsOverTheFallbackId()
    {
        var result = await PublishAsync(Request("""{"id":"mine","to":{"users":["alice"]},"title":"Hi"}"""), new PublishContext("queue", FallbackId: "q-123"));

        Assert.Equal("mine", result.Id);
        Assert.Null(_records.Find("q-123"));
    }

    [Fact]
    public async Task WithoutAnyId_ASortableIdBoundToTheUserIsGenerated()
    {
        var first = await PublishAsync(Request("""{"to":{"users":["alice"]},"title":"1"}"""));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var second = await PublishAsync(Request("""{"to":{"users":["alice"]},"title":"1"}"""));

        Assert.Equal(26 + "@alice".Length, first.Id.Length);
        Assert.EndsWith("@alice", first.Id, StringComparison.Ordinal);
        Assert.True(Identifier.IsValid(first.Id));
        Assert.True(string.CompareOrdinal(first.Id, second.Id) < 0);
        Assert.Equal(PublishStatus.Accepted, second.Status);
        Assert.Equal(2, _inbox.Inbox("alice").Count);
    }

    [Fact]
    public async Task RedeliveredMessage_WithTheSameFallbackId_IsADuplicate()
    {
        var request = Request("""{"to":{"users":["alice"]},"title":"Hi"}""");
        var context = new PublishContext("queue", FallbackId: "q-123");

        await PublishAsync(request, context);
        var again = await PublishAsync(request, context);

        Assert.Equal(PublishStatus.Duplicate, again.Status);
        Assert.Single(_inbox.Inbox("alice"));
        Assert.Single(_pusher.Pushes);
    }

    // ---- idempotency ----

    [Fact]
    public async Task SameIdAndFingerprint_IsADuplicate_AndNothingNewIsStoredOrPushed()
    {
        var first = await PublishAsync(Request("""{"id":"n1","to":{"users":["alice","bob"]},"title":"Hi"}"""));
        _time.Advance(TimeSpan.FromMinutes(5));
        var appendsBefore = _inbox.AppendCalls;

        // The same content, written differently.
        var second = await PublishAsync(Request("""{ "title": "Hi", "to": { "users": ["bob", "alice"] }, "id": "n1" }"""));

        Assert.Equal(PublishStatus.Duplicate, second.Status);
        Assert.True(second.Pushed);
        Assert.Equal(first.CreatedAt, second.CreatedAt);
        Assert.Equal(first.ExpiresAt, second.ExpiresAt);
        Assert.Equal(appendsBefore, _inbox.AppendCalls);
        Assert.Single(_inbox.Inbox("alice"));
        Assert.Single(_inbox.Inbox("bob"));
        Assert.Single(_pusher.Pushes);
        Assert.Equal(1, _records.Count);
        Assert.Single(_records.StateChanges);
    }

    [Fact]
    public async Task SameIdWithDifferentContent_IsAConflict_AndChangesNothing()
    {
        var original = Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi"}""");
        await PublishAsync(original);

        var conflict = await PublishAsync(Request("""{"id":"n1","to":{"users":["alice"]},"title":"Bye"}"""));

        Assert.Equal(PublishStatus.Conflict, conflict.Status);
        Assert.Equal("n1", conflict.Id);
        Assert.Contains("n1", conflict.ConflictMessage, StringComparison.Ordinal);
        var record = _records.Find("n1")!;
        Assert.Equal(original.Fingerprint, record.Fingerprint);
        Assert.Equal(NotificationState.Pushed, await _pipeline.StateOfAsync(record, CancellationToken.None));
        Assert.Contains("\"Hi\"", Encoding.UTF8.GetString(record.Payload.Span), StringComparison.Ordinal);
        Assert.Single(_inbox.Inbox("alice"));
        Assert.Single(_pusher.Pushes);
        Assert.Empty(_records.StateChanges);
    }

    [Fact]
    public async Task SameIdToOtherRecipients_IsAConflict()
    {
        await PublishAsync(Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi"}"""));

        var conflict = await PublishAsync(Request("""{"id":"n1","to":{"users":["bob"]},"title":"Hi"}"""));

        Assert.Equal(PublishStatus.Conflict, conflict.Status);
        Assert.Empty(_inbox.Inbox("bob"));
        Assert.Single(_pusher.Pushes);
    }

    // ---- resuming an interrupted publish ----

    [Fact]
    public async Task RecordLeftAccepted_IsResumed_StoringOnlyWhatIsMissing_ThenPushed()
    {
        var request = Request("""{"id":"n1","to":{"users":["alice","bob"]},"title":"Hi"}""");
        var firstAttempt = Start - TimeSpan.FromMinutes(3);
        var payload = PayloadWriter.Write("n1", firstAttempt, null, request.Content.Span);
        _records.Seed(new NotificationRecord
        {
            Id = "n1",
            Fingerprint = request.Fingerprint,
            To = request.To,
            Publisher = "test-publisher",
            Type = request.Type,
            CreatedAt = firstAttempt,
            ExpiresAt = firstAttempt + DefaultTtl,
            Payload = payload,
            State = NotificationState.Accepted,
        });
        await _inbox.AppendAsync("alice", new InboxEntry { NotificationId = "n1", Payload = payload, CreatedAt = firstAttempt, ExpiresAt = firstAttempt + DefaultTtl }, CancellationToken.None);

        var result = await PublishAsync(request);

        Assert.Equal(PublishStatus.Duplicate, result.Status);
        Assert.True(result.Pushed);
        Assert.Equal(firstAttempt, result.CreatedAt);
        Assert.Single(_inbox.Inbox("alice"));
        var bobs = Assert.Single(_inbox.Inbox("bob"));
        Assert.Equal(payload, bobs.Payload.ToArray());
        Assert.Equal(firstAttempt, bobs.CreatedAt);
        Assert.Equal(Encoding.UTF8.GetString(payload), Assert.Single(_pusher.Pushes).Envelope().GetProperty("payload").GetRawText());
        Assert.Equal([("n1", NotificationState.Pushed)], _records.StateChanges);
    }

    [Fact]
    public async Task StoreFailure_LeavesTheRecordAccepted_AndARetryCompletesIt()
    {
        var request = Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi"}""");
        _inbox.FailNextAppendTo("alice");

        await Assert.ThrowsAsync<InvalidOperationException>(() => PublishAsync(request));

        Assert.Equal(NotificationState.Accepted, _records.Find("n1")!.State);
        Assert.Empty(_pusher.Pushes);

        var retry = await PublishAsync(request);

        Assert.True(retry.Pushed);
        Assert.Equal(1, Assert.Single(_inbox.Inbox("alice")).Sequence);
        Assert.Equal(1, Assert.Single(_pusher.Pushes).Envelope().GetProperty("sequence").GetInt64());
        Assert.Equal(NotificationState.Pushed, await _pipeline.StateOfAsync(_records.Find("n1")!, CancellationToken.None));
    }

    [Fact]
    public async Task SingleUserRecordLeftAccepted_IsAcceptedUntilTheInboxHoldsIt_ThenCountsAsPushed()
    {
        var request = Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi"}""");
        _inbox.FailNextAppendTo("alice");
        await Assert.ThrowsAsync<InvalidOperationException>(() => PublishAsync(request));

        Assert.Equal(NotificationState.Accepted, await _pipeline.StateOfAsync(_records.Find("n1")!, CancellationToken.None));

        await PublishAsync(request);
        var again = await PublishAsync(request);

        Assert.Equal(PublishStatus.Duplicate, again.Status);
        Assert.True(again.Pushed);
        Assert.Single(_pusher.Pushes);
        Assert.Equal(NotificationState.Pushed, await _pipeline.StateOfAsync(_records.Find("n1")!, CancellationToken.None));
        Assert.Empty(_records.StateChanges);
    }

    [Fact]
    public async Task PartialStoreFailure_ARetryStoresTheRestWithoutDuplicates()
    {
        var request = Request("""{"id":"n1","to":{"users":["alice","bob","carol"],"groups":["g"]},"title":"Hi"}""");
        _inbox.FailNextAppendTo("bob");

        await Assert.ThrowsAsync<InvalidOperationException>(() => PublishAsync(request));
        await PublishAsync(request);

        Assert.All(new[] { "alice", "bob", "carol" }, u => Assert.Equal(1, Assert.Single(_inbox.Inbox(u)).Sequence));
        Assert.Single(_inbox.Stream("group:g"));
        Assert.Single(_pusher.Pushes);
        Assert.Equal(NotificationState.Pushed, _records.Find("n1")!.State);
    }

    [Theory]
    [InlineData(nameof(NotificationState.Accepted))]
    [InlineData(nameof(NotificationState.Stored))]
    public async Task RecordThatExpiredBeforeTheRetry_IsNotPushed(string state)
    {
        var request = Request("""{"id":"n1","to":{"users":["alice"]},"title":"Your code is 123456","ttlSeconds":60}""");
        var firstAttempt = Start - TimeSpan.FromMinutes(10);
        _records.Seed(new NotificationRecord
        {
            Id = "n1",
            Fingerprint = request.Fingerprint,
            To = request.To,
            Publisher = "test-publisher",
            Type = request.Type,
            CreatedAt = firstAttempt,
            ExpiresAt = firstAttempt + TimeSpan.FromSeconds(60),
            Payload = PayloadWriter.Write("n1", firstAttempt, null, request.Content.Span),
            State = Enum.Parse<NotificationState>(state),
        });

        var result = await PublishAsync(request);

        Assert.False(result.Pushed);
        Assert.Empty(_pusher.Pushes);
    }

    // ---- push failures ----

    [Fact]
    public async Task PushFailure_IsStillAccepted_NotPushed_AndLeftStored()
    {
        _pusher.FailWith = new HttpRequestException("Web PubSub is down.");

        var result = await PublishAsync(Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi"}"""));

        Assert.Equal(PublishStatus.Accepted, result.Status);
        Assert.False(result.Pushed);
        Assert.Equal(NotificationState.Stored, _records.Find("n1")!.State);
        Assert.Single(_inbox.Inbox("alice"));
        Assert.Equal(1, _pusher.FailedAttempts);
    }

    [Fact]
    public async Task PushFailure_ThenRetry_PushesWithTheSameSequence_WithoutStoringAgain()
    {
        var request = Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi"}""");
        await PublishAsync(Request("""{"id":"n0","to":{"users":["alice"]},"title":"Earlier"}"""));
        _pusher.FailWith = new HttpRequestException("Web PubSub is down.");
        await PublishAsync(request);
        _pusher.FailWith = null;

        var retry = await PublishAsync(request);

        Assert.Equal(PublishStatus.Duplicate, retry.Status);
        Assert.True(retry.Pushed);
        Assert.Equal(2, _inbox.Inbox("alice").Count);
        Assert.Equal(2, _pusher.Pushes[^1].Envelope().GetProperty("sequence").GetInt64());
        Assert.Equal(NotificationState.Pushed, _records.Find("n1")!.State);
    }

    [Fact]
    public async Task PushFailureForAGroup_ThenRetry_PushesWithoutStoringAgain()
    {
        var request = Request("""{"id":"n1","to":{"groups":["g1","g2"]},"title":"Hi"}""");
        _pusher.FailWith = new HttpRequestException("Web PubSub is down.");
        await PublishAsync(request);
        _pusher.FailWith = null;
        var appendsBefore = _inbox.AppendCalls;

        var retry = await PublishAsync(request);

        Assert.True(retry.Pushed);
        Assert.Equal(appendsBefore, _inbox.AppendCalls);
        Assert.False(Assert.Single(_pusher.Pushes).Envelope().TryGetProperty("sequence", out _));
        Assert.Equal(NotificationState.Pushed, _records.Find("n1")!.State);
    }

    [Fact]
    public async Task CancellationDuringThePush_IsNotSwallowed()
    {
        _pusher.FailWith = new OperationCanceledException();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PublishAsync(Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi"}""")));

        // Left Accepted, so a retry re-runs the (idempotent) appends and pushes.
        Assert.Equal(NotificationState.Accepted, _records.Find("n1")!.State);
        Assert.Single(_inbox.Inbox("alice"));
    }

    // ---- lifetimes ----

    [Theory]
    [InlineData(7200)]
    [InlineData(3600)]
    public async Task ExpiredOnArrival_IsNeitherStoredNorPushed(int secondsAgo)
    {
        var acceptedAt = Start - TimeSpan.FromSeconds(secondsAgo);

        var result = await PublishAsync(Request("""{"id":"n1","to":{"users":["alice"],"groups":["g"]},"title":"Hi","ttlSeconds":3600}"""), new PublishContext("queue", AcceptedAt: acceptedAt));

        Assert.Equal(new PublishResult("n1", PublishStatus.Expired, acceptedAt, acceptedAt + TimeSpan.FromHours(1), Pushed: false), result);
        Assert.Empty(_inbox.Users);
        Assert.Empty(_inbox.Streams);
        Assert.Equal(0, _inbox.AppendCalls);
        Assert.Empty(_pusher.Pushes);
        Assert.Equal(NotificationState.Expired, _records.Find("n1")!.State);
    }

    [Fact]
    public async Task ExpiredOnArrival_RetriedLater_StaysUnsentDuplicate()
    {
        var request = Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi","ttlSeconds":60}""");
        var context = new PublishContext("queue", AcceptedAt: Start - TimeSpan.FromMinutes(5));
        await PublishAsync(request, context);

        var again = await PublishAsync(request, context);

        Assert.Equal(PublishStatus.Duplicate, again.Status);
        Assert.False(again.Pushed);
        Assert.Empty(_inbox.Users);
        Assert.Empty(_pusher.Pushes);
    }

    [Fact]
    public async Task AcceptedAtInThePast_CountsTheLifetimeFromIt()
    {
        var acceptedAt = Start - TimeSpan.FromMinutes(30);

        var result = await PublishAsync(Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi","ttlSeconds":3600}"""), new PublishContext("queue", AcceptedAt: acceptedAt));

        Assert.Equal(PublishStatus.Accepted, result.Status);
        Assert.Equal(acceptedAt, result.CreatedAt);
        Assert.Equal(acceptedAt + TimeSpan.FromHours(1), result.ExpiresAt);
        Assert.Equal(acceptedAt, Assert.Single(_inbox.Inbox("alice")).CreatedAt);
    }

    [Fact]
    public async Task AcceptedAtInTheFuture_IsIgnored()
    {
        var result = await PublishAsync(Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi"}"""), new PublishContext("queue", AcceptedAt: Start + TimeSpan.FromHours(1)));

        Assert.Equal(Start, result.CreatedAt);
        Assert.Equal(Start + DefaultTtl, result.ExpiresAt);
    }

    // ---- multi-route ----

    [Theory]
    [InlineData("""{"users":["a"]}""", false)]
    [InlineData("""{"users":["a","b"]}""", false)]
    [InlineData("""{"groups":["g1"]}""", false)]
    [InlineData("""{"all":true}""", false)]
    [InlineData("""{"groups":["g1","g2"]}""", true)]
    [InlineData("""{"users":["a"],"groups":["g1"]}""", true)]
    [InlineData("""{"users":["a","b"],"groups":["g1","g2"]}""", true)]
    public async Task MultiRoute_IsSetOnlyWhenAUserCanReceiveItByTwoRoutes(string to, bool multiRoute)
    {
        await PublishAsync(Request($$"""{"id":"n1","to":{{to}},"title":"Hi"}"""));

        var entries = EveryStoredEntry().ToList();
        Assert.NotEmpty(entries);
        Assert.All(entries, e => Assert.Equal(multiRoute, e.MultiRoute));
    }
}

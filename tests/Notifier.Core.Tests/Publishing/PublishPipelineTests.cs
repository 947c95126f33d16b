using System.Text;
using Notifier.Core.Identifiers;
using Notifier.Core.Inbox;
using Notifier.Core.Notifications;
using Notifier.Core.Publishing;

namespace Notifier.Core.Tests.Publishing;

public class PublishPipelineTests : PipelineTestBase
{
    private static readonly TimeSpan DefaultTtl = TimeSpan.FromDays(7);
    private Task<PublishResult> PublishAsync(NotificationRequest request, PublishContext? context = null) =>
        Pipeline.PublishAsync(request, context ?? new PublishContext("test-publisher"), CancellationToken.None);

    private IEnumerable<InboxEntry> EveryStoredEntry() =>
        Inboxes.Users.SelectMany(Inboxes.Inbox).Concat(Inboxes.Streams.SelectMany(Inboxes.Stream));

    // ---- accepted ----

    [Fact]
    public async Task SingleUser_IsAppendedThenPushedWithTheInboxSequence()
    {
        var request = Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi"}""");
        var entriesAtPush = -1;
        NotificationState? stateAtPush = null;
        Pusher.OnSend = () =>
        {
            entriesAtPush = Inboxes.Inbox("alice").Count;
            stateAtPush = Records.Find("n1")?.State;
        };

        var result = await PublishAsync(request);

        Assert.Equal(new PublishResult("n1", PublishStatus.Accepted, Start, Start + DefaultTtl, Pushed: true), result);
        var entry = Assert.Single(Inboxes.Inbox("alice"));
        Assert.Equal(1, entry.Sequence);
        Assert.Equal("n1", entry.NotificationId);
        Assert.Equal(1, entriesAtPush);
        // Stored before the push, and the record never says so: a single user's notification costs the record and the
        // inbox transaction only; its state is derived from the inbox once it holds it.
        Assert.Equal(NotificationState.Accepted, stateAtPush);
        Assert.Empty(Inboxes.Streams);

        var push = Assert.Single(Pusher.Pushes);
        Assert.Same(request.To, push.Recipients);
        var envelope = push.Envelope();
        Assert.Equal("notification", envelope.GetProperty("type").GetString());
        Assert.Equal(1, envelope.GetProperty("sequence").GetInt64());
        Assert.Equal("n1", envelope.GetProperty("payload").GetProperty("id").GetString());
        Assert.Equal("Hi", envelope.GetProperty("payload").GetProperty("title").GetString());

        Assert.Equal(NotificationState.Accepted, Records.Find("n1")!.State);
        Assert.Equal(NotificationState.Pushed, await Pipeline.StateOfAsync(Records.Find("n1")!, CancellationToken.None));
        Assert.Empty(Records.StateChanges);
    }

    [Fact]
    public async Task SingleUser_SequencesAreDensePerUser()
    {
        await PublishAsync(Request("""{"id":"n1","to":{"users":["alice"]},"title":"1"}"""));
        await PublishAsync(Request("""{"id":"n2","to":{"users":["bob"]},"title":"2"}"""));
        await PublishAsync(Request("""{"id":"n3","to":{"users":["alice"]},"title":"3"}"""));

        Assert.Equal([1L, 2L], Inboxes.Inbox("alice").Select(e => e.Sequence));
        Assert.Equal([1L, 1L, 2L], Pusher.Pushes.Select(p => p.Envelope().GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task Record_KeepsPublisherSenderReceiptAndThePayloadThatIsStoredAndPushed()
    {
        var request = Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi","sender":"boss","receipt":true,"data":{"k":1}}""");

        await PublishAsync(request);

        var record = Records.Find("n1")!;
        Assert.Equal("test-publisher", record.Publisher);
        Assert.Equal("boss", record.Sender);
        Assert.True(record.Receipt);
        Assert.Equal(request.Fingerprint, record.Fingerprint);
        var expectedPayload = PayloadWriter.Write("n1", Start, "boss", request.Content.Span);
        Assert.Equal(expectedPayload, record.Payload.ToArray());

        var entry = Assert.Single(Inboxes.Inbox("alice"));
        Assert.Equal(expectedPayload, entry.Payload.ToArray());
        Assert.Equal("boss", entry.Sender);
        Assert.True(entry.Receipt);
        Assert.Equal(Start, entry.CreatedAt);
        Assert.Equal(Start + DefaultTtl, entry.ExpiresAt);
        Assert.Equal(Encoding.UTF8.GetString(expectedPayload), Assert.Single(Pusher.Pushes).Envelope().GetProperty("payload").GetRawText());
    }

    [Fact]
    public async Task TtlSeconds_SetsTheExpiry()
    {
        var result = await PublishAsync(Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi","ttlSeconds":90}"""));

        Assert.Equal(Start + TimeSpan.FromSeconds(90), result.ExpiresAt);
        Assert.Equal(Start + TimeSpan.FromSeconds(90), Assert.Single(Inboxes.Inbox("alice")).ExpiresAt);
    }

    [Fact]
    public async Task Groups_GoToTheirStreams_AndArePushedOnceWithoutSequence()
    {
        var request = Request("""{"id":"n1","to":{"groups":["g1","g2"]},"title":"Hi"}""");

        var result = await PublishAsync(request);

        Assert.Equal(PublishStatus.Accepted, result.Status);
        Assert.True(result.Pushed);
        Assert.Equal([StreamNames.ForGroup("g1"), StreamNames.ForGroup("g2")], Inboxes.Streams);
        Assert.Equal(["group:g1", "group:g2"], Inboxes.Streams);
        Assert.All(Inboxes.Streams, s => Assert.Equal("n1", Assert.Single(Inboxes.Stream(s)).NotificationId));
        Assert.Empty(Inboxes.Users);
        var push = Assert.Single(Pusher.Pushes);
        Assert.Same(request.To, push.Recipients);
        Assert.False(push.Envelope().TryGetProperty("sequence", out _));
        Assert.Equal(NotificationState.Pushed, Records.Find("n1")!.State);
    }

    [Fact]
    public async Task All_GoesOnlyToTheAllStream_AndIsPushedOnceWithoutSequence()
    {
        var request = Request("""{"id":"n1","to":{"all":true},"title":"Hi"}""");

        await PublishAsync(request);

        Assert.Equal([StreamNames.All], Inboxes.Streams);
        Assert.Single(Inboxes.Stream("all"));
        Assert.Empty(Inboxes.Users);
        var push = Assert.Single(Pusher.Pushes);
        Assert.True(push.Recipients!.All);
        Assert.False(push.Envelope().TryGetProperty("sequence", out _));
    }

    [Fact]
    public async Task UsersAndGroups_GoToInboxesAndStreams_AndArePushedOnceWithoutSequence()
    {
        await PublishAsync(Request("""{"id":"n1","to":{"users":["alice","bob"],"groups":["g"]},"title":"Hi"}"""));

        Assert.Equal(["alice", "bob"], Inboxes.Users);
        Assert.All(Inboxes.Users, u => Assert.Equal(1, Assert.Single(Inboxes.Inbox(u)).Sequence));
        Assert.Equal(["group:g"], Inboxes.Streams);
        var push = Assert.Single(Pusher.Pushes);
        Assert.False(push.Envelope().TryGetProperty("sequence", out _));
    }

    [Fact]
    public async Task SeveralUsers_GetOneEntryEach_AndOnePush()
    {
        var users = Enumerable.Range(0, 40).Select(i => $"u{i}").ToArray();
        await PublishAsync(Request("{\"id\":\"n1\",\"to\":{\"users\":[" + string.Join(',', users.Select(u => $"\"{u}\"")) + "]},\"title\":\"Hi\"}"));

        Assert.Equal(users.Order(StringComparer.Ordinal), Inboxes.Users);
        Assert.All(users, u => Assert.Single(Inboxes.Inbox(u)));
        Assert.Single(Pusher.Pushes);
    }

    // ---- ids ----

    [Fact]
    public async Task FallbackId_IsUsedWhenTheRequestHasNoId()
    {
        var result = await PublishAsync(Request("""{"to":{"users":["alice"]},"title":"Hi"}"""), new PublishContext("queue", FallbackId: "q-123"));

        Assert.Equal("q-123", result.Id);
        Assert.NotNull(Records.Find("q-123"));
        Assert.Equal("q-123", Assert.Single(Inboxes.Inbox("alice")).NotificationId);
        Assert.Equal("q-123", Assert.Single(Pusher.Pushes).Envelope().GetProperty("payload").GetProperty("id").GetString());
    }

    [Fact]
    public async Task RequestId_WinsOverTheFallbackId()
    {
        var result = await PublishAsync(Request("""{"id":"mine","to":{"users":["alice"]},"title":"Hi"}"""), new PublishContext("queue", FallbackId: "q-123"));

        Assert.Equal("mine", result.Id);
        Assert.Null(Records.Find("q-123"));
    }

    [Fact]
    public async Task WithoutAnyId_ASortableIdBoundToTheUserIsGenerated()
    {
        var first = await PublishAsync(Request("""{"to":{"users":["alice"]},"title":"1"}"""));
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        var second = await PublishAsync(Request("""{"to":{"users":["alice"]},"title":"1"}"""));

        Assert.Equal(26 + "@alice".Length, first.Id.Length);
        Assert.EndsWith("@alice", first.Id, StringComparison.Ordinal);
        Assert.True(Identifier.IsValid(first.Id));
        Assert.True(string.CompareOrdinal(first.Id, second.Id) < 0);
        Assert.Equal(PublishStatus.Accepted, second.Status);
        Assert.Equal(2, Inboxes.Inbox("alice").Count);
    }

    [Fact]
    public async Task RedeliveredMessage_WithTheSameFallbackId_IsADuplicate()
    {
        var request = Request("""{"to":{"users":["alice"]},"title":"Hi"}""");
        var context = new PublishContext("queue", FallbackId: "q-123");

        await PublishAsync(request, context);
        var again = await PublishAsync(request, context);

        Assert.Equal(PublishStatus.Duplicate, again.Status);
        Assert.Single(Inboxes.Inbox("alice"));
        Assert.Single(Pusher.Pushes);
    }

    // ---- idempotency ----

    [Fact]
    public async Task SameIdAndFingerprint_IsADuplicate_AndNothingNewIsStoredOrPushed()
    {
        var first = await PublishAsync(Request("""{"id":"n1","to":{"users":["alice","bob"]},"title":"Hi"}"""));
        Clock.Advance(TimeSpan.FromMinutes(5));
        var appendsBefore = Inboxes.AppendCalls;

        // The same content, written differently.
        var second = await PublishAsync(Request("""{ "title": "Hi", "to": { "users": ["bob", "alice"] }, "id": "n1" }"""));

        Assert.Equal(PublishStatus.Duplicate, second.Status);
        Assert.True(second.Pushed);
        Assert.Equal(first.CreatedAt, second.CreatedAt);
        Assert.Equal(first.ExpiresAt, second.ExpiresAt);
        Assert.Equal(appendsBefore, Inboxes.AppendCalls);
        Assert.Single(Inboxes.Inbox("alice"));
        Assert.Single(Inboxes.Inbox("bob"));
        Assert.Single(Pusher.Pushes);
        Assert.Equal(1, Records.Count);
        Assert.Single(Records.StateChanges);
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
        var record = Records.Find("n1")!;
        Assert.Equal(original.Fingerprint, record.Fingerprint);
        Assert.Equal(NotificationState.Pushed, await Pipeline.StateOfAsync(record, CancellationToken.None));
        Assert.Contains("\"Hi\"", Encoding.UTF8.GetString(record.Payload.Span), StringComparison.Ordinal);
        Assert.Single(Inboxes.Inbox("alice"));
        Assert.Single(Pusher.Pushes);
        Assert.Empty(Records.StateChanges);
    }

    [Fact]
    public async Task SameIdToOtherRecipients_IsAConflict()
    {
        await PublishAsync(Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi"}"""));

        var conflict = await PublishAsync(Request("""{"id":"n1","to":{"users":["bob"]},"title":"Hi"}"""));

        Assert.Equal(PublishStatus.Conflict, conflict.Status);
        Assert.Empty(Inboxes.Inbox("bob"));
        Assert.Single(Pusher.Pushes);
    }

    // ---- resuming an interrupted publish ----

    [Fact]
    public async Task RecordLeftAccepted_IsResumed_StoringOnlyWhatIsMissing_ThenPushed()
    {
        var request = Request("""{"id":"n1","to":{"users":["alice","bob"]},"title":"Hi"}""");
        var firstAttempt = Start - TimeSpan.FromMinutes(3);
        var payload = PayloadWriter.Write("n1", firstAttempt, null, request.Content.Span);
        Records.Seed(new NotificationRecord
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
        await Inboxes.AppendAsync("alice", new InboxEntry { NotificationId = "n1", Payload = payload, CreatedAt = firstAttempt, ExpiresAt = firstAttempt + DefaultTtl }, null, CancellationToken.None);

        var result = await PublishAsync(request);

        Assert.Equal(PublishStatus.Duplicate, result.Status);
        Assert.True(result.Pushed);
        Assert.Equal(firstAttempt, result.CreatedAt);
        Assert.Single(Inboxes.Inbox("alice"));
        var bobs = Assert.Single(Inboxes.Inbox("bob"));
        Assert.Equal(payload, bobs.Payload.ToArray());
        Assert.Equal(firstAttempt, bobs.CreatedAt);
        Assert.Equal(Encoding.UTF8.GetString(payload), Assert.Single(Pusher.Pushes).Envelope().GetProperty("payload").GetRawText());
        Assert.Equal([("n1", NotificationState.Pushed)], Records.StateChanges);
    }

    [Fact]
    public async Task StoreFailure_LeavesTheRecordAccepted_AndARetryCompletesIt()
    {
        var request = Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi"}""");
        Inboxes.FailNextAppendTo("alice");

        await Assert.ThrowsAsync<InvalidOperationException>(() => PublishAsync(request));

        Assert.Equal(NotificationState.Accepted, Records.Find("n1")!.State);
        Assert.Empty(Pusher.Pushes);

        var retry = await PublishAsync(request);

        Assert.True(retry.Pushed);
        Assert.Equal(1, Assert.Single(Inboxes.Inbox("alice")).Sequence);
        Assert.Equal(1, Assert.Single(Pusher.Pushes).Envelope().GetProperty("sequence").GetInt64());
        Assert.Equal(NotificationState.Pushed, await Pipeline.StateOfAsync(Records.Find("n1")!, CancellationToken.None));
    }

    [Fact]
    public async Task SingleUserRecordLeftAccepted_IsAcceptedUntilTheInboxHoldsIt_ThenCountsAsPushed()
    {
        var request = Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi"}""");
        Inboxes.FailNextAppendTo("alice");
        await Assert.ThrowsAsync<InvalidOperationException>(() => PublishAsync(request));

        Assert.Equal(NotificationState.Accepted, await Pipeline.StateOfAsync(Records.Find("n1")!, CancellationToken.None));

        await PublishAsync(request);
        var again = await PublishAsync(request);

        Assert.Equal(PublishStatus.Duplicate, again.Status);
        Assert.True(again.Pushed);
        Assert.Single(Pusher.Pushes);
        Assert.Equal(NotificationState.Pushed, await Pipeline.StateOfAsync(Records.Find("n1")!, CancellationToken.None));
        Assert.Empty(Records.StateChanges);
    }

    [Fact]
    public async Task PartialStoreFailure_ARetryStoresTheRestWithoutDuplicates()
    {
        var request = Request("""{"id":"n1","to":{"users":["alice","bob","carol"],"groups":["g"]},"title":"Hi"}""");
        Inboxes.FailNextAppendTo("bob");

        await Assert.ThrowsAsync<InvalidOperationException>(() => PublishAsync(request));
        await PublishAsync(request);

        Assert.All(new[] { "alice", "bob", "carol" }, u => Assert.Equal(1, Assert.Single(Inboxes.Inbox(u)).Sequence));
        Assert.Single(Inboxes.Stream("group:g"));
        Assert.Single(Pusher.Pushes);
        Assert.Equal(NotificationState.Pushed, Records.Find("n1")!.State);
    }

    [Theory]
    [InlineData(nameof(NotificationState.Accepted))]
    [InlineData(nameof(NotificationState.Stored))]
    public async Task RecordThatExpiredBeforeTheRetry_IsNotPushed(string state)
    {
        var request = Request("""{"id":"n1","to":{"users":["alice"]},"title":"Your code is 123456","ttlSeconds":60}""");
        var firstAttempt = Start - TimeSpan.FromMinutes(10);
        Records.Seed(new NotificationRecord
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
        Assert.Empty(Pusher.Pushes);
    }

    // ---- push failures ----

    [Fact]
    public async Task PushFailure_IsStillAccepted_NotPushed_AndLeftStored()
    {
        Pusher.FailWith = new HttpRequestException("Web PubSub is down.");

        var result = await PublishAsync(Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi"}"""));

        Assert.Equal(PublishStatus.Accepted, result.Status);
        Assert.False(result.Pushed);
        Assert.Equal(NotificationState.Stored, Records.Find("n1")!.State);
        Assert.Single(Inboxes.Inbox("alice"));
        Assert.Equal(1, Pusher.FailedAttempts);
    }

    [Fact]
    public async Task PushFailure_ThenRetry_PushesWithTheSameSequence_WithoutStoringAgain()
    {
        var request = Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi"}""");
        await PublishAsync(Request("""{"id":"n0","to":{"users":["alice"]},"title":"Earlier"}"""));
        Pusher.FailWith = new HttpRequestException("Web PubSub is down.");
        await PublishAsync(request);
        Pusher.FailWith = null;

        var retry = await PublishAsync(request);

        Assert.Equal(PublishStatus.Duplicate, retry.Status);
        Assert.True(retry.Pushed);
        Assert.Equal(2, Inboxes.Inbox("alice").Count);
        Assert.Equal(2, Pusher.Pushes[^1].Envelope().GetProperty("sequence").GetInt64());
        Assert.Equal(NotificationState.Pushed, Records.Find("n1")!.State);
    }

    [Fact]
    public async Task PushFailureForAGroup_ThenRetry_PushesWithoutStoringAgain()
    {
        var request = Request("""{"id":"n1","to":{"groups":["g1","g2"]},"title":"Hi"}""");
        Pusher.FailWith = new HttpRequestException("Web PubSub is down.");
        await PublishAsync(request);
        Pusher.FailWith = null;
        var appendsBefore = Inboxes.AppendCalls;

        var retry = await PublishAsync(request);

        Assert.True(retry.Pushed);
        Assert.Equal(appendsBefore, Inboxes.AppendCalls);
        Assert.False(Assert.Single(Pusher.Pushes).Envelope().TryGetProperty("sequence", out _));
        Assert.Equal(NotificationState.Pushed, Records.Find("n1")!.State);
    }

    [Fact]
    public async Task CancellationDuringThePush_IsNotSwallowed()
    {
        Pusher.FailWith = new OperationCanceledException();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PublishAsync(Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi"}""")));

        // Left Accepted, so a retry re-runs the (idempotent) appends and pushes.
        Assert.Equal(NotificationState.Accepted, Records.Find("n1")!.State);
        Assert.Single(Inboxes.Inbox("alice"));
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
        Assert.Empty(Inboxes.Users);
        Assert.Empty(Inboxes.Streams);
        Assert.Equal(0, Inboxes.AppendCalls);
        Assert.Empty(Pusher.Pushes);
        Assert.Equal(NotificationState.Expired, Records.Find("n1")!.State);
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
        Assert.Empty(Inboxes.Users);
        Assert.Empty(Pusher.Pushes);
    }

    [Fact]
    public async Task AcceptedAtInThePast_CountsTheLifetimeFromIt()
    {
        var acceptedAt = Start - TimeSpan.FromMinutes(30);

        var result = await PublishAsync(Request("""{"id":"n1","to":{"users":["alice"]},"title":"Hi","ttlSeconds":3600}"""), new PublishContext("queue", AcceptedAt: acceptedAt));

        Assert.Equal(PublishStatus.Accepted, result.Status);
        Assert.Equal(acceptedAt, result.CreatedAt);
        Assert.Equal(acceptedAt + TimeSpan.FromHours(1), result.ExpiresAt);
        Assert.Equal(acceptedAt, Assert.Single(Inboxes.Inbox("alice")).CreatedAt);
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

using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.Core.Envelopes;
using Notifier.Core.Identifiers;
using Notifier.Core.Inbox;
using Notifier.Core.Tests.Fakes;
using Notifier.Testing.Time;

namespace Notifier.Core.Tests.Inbox;

public class InboxServiceTests
{
    private static readonly DateTimeOffset Start = new(2025, 5, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly string[] NoStreams = [];
    private readonly ManualTimeProvider _time = new(Start);
    private readonly InMemoryNotificationRecords _records = new();
    private readonly InMemoryInboxStore _inbox = new();
    private readonly RecordingPusher _pusher = new();
    private readonly InboxService _service;

    public InboxServiceTests()
    {
        _service = new InboxService(_inbox, _records, _pusher, new EnvelopeWriter(new SortableIdGenerator(_time), _time), _time, NullLogger<InboxService>.Instance);
        _time.Advance(TimeSpan.FromMinutes(10));
    }

    private static DateTimeOffset Now => Start + TimeSpan.FromMinutes(10);

    private static InboxEntry Entry(string id, string? sender = null, bool receipt = false) => new()
    {
        NotificationId = id,
        Payload = Encoding.UTF8.GetBytes($"{{\"id\":\"{id}\",\"type\":\"x\"}}"),
        CreatedAt = Start,
        ExpiresAt = Start + TimeSpan.FromDays(1),
        Sender = sender,
        Receipt = receipt,
    };

    private Task<InboxAppend> SeedAsync(string userId, string id, string? sender = null, bool receipt = false) =>
        _inbox.AppendAsync(userId, Entry(id, sender, receipt), null, CancellationToken.None);

    private Task<long> SeedStreamAsync(string stream, string id) =>
        _inbox.AppendToStreamAsync(stream, Entry(id), CancellationToken.None);

    private Task<IReadOnlyList<string>> MarkReadAsync(string userId, IReadOnlyCollection<string>? ids, string? origin = "conn-1", IReadOnlyCollection<string>? streams = null) =>
        _service.MarkReadAsync(userId, streams ?? NoStreams, ids, origin, CancellationToken.None);

    // ---- ack ----

    [Fact]
    public async Task Acknowledge_RecordsDeliveryOnlyForIdsInTheUsersInbox()
    {
        await SeedAsync("alice", "n1");
        await SeedAsync("alice", "n2");
        await SeedAsync("bob", "n3");

        var acknowledged = await _service.AcknowledgeAsync("alice", NoStreams, ["n1", "n3", "unknown"], CancellationToken.None);

        Assert.Equal(["n1"], acknowledged);
        Assert.Equal([new DeliveryCall("n1", "alice", Now, Read: false)], _records.DeliveryCalls);
        Assert.Empty(_pusher.Pushes);
    }

    [Fact]
    public async Task Acknowledge_FindsNotificationsInTheStreamsTheUserReads_AndNoOthers()
    {
        await SeedStreamAsync("group:g", "n5");
        await SeedStreamAsync("group:h", "n6");

        var acknowledged = await _service.AcknowledgeAsync("alice", ["all", "group:g"], ["n5", "n6"], CancellationToken.None);

        Assert.Equal(["n5"], acknowledged);
        Assert.Equal(["n5"], _records.DeliveryCalls.Select(c => c.Id));
    }

    [Fact]
    public async Task Acknowledge_DoesNotMarkRead()
    {
        await SeedAsync("alice", "n1");

        await _service.AcknowledgeAsync("alice", NoStreams, ["n1"], CancellationToken.None);

        Assert.All(_records.DeliveryCalls, c => Assert.False(c.Read));
        Assert.Null(Assert.Single(_inbox.Inbox("alice")).ReadAt);
        Assert.Equal(new(1, 0), await _records.CountDeliveriesAsync("n1", CancellationToken.None));
    }

    // ---- read ----

    [Fact]
    public async Task MarkRead_MarksAndRecordsRead_AndTellsTheUsersOtherConnections()
    {
        await SeedAsync("alice", "n1");
        await SeedAsync("alice", "n2");

        var marked = await MarkReadAsync("alice", ["n1"], origin: "conn-1");

        Assert.Equal(["n1"], marked);
        Assert.Equal(Now, _inbox.Inbox("alice").Single(e => e.NotificationId == "n1").ReadAt);
        Assert.Null(_inbox.Inbox("alice").Single(e => e.NotificationId == "n2").ReadAt);
        Assert.Equal([new DeliveryCall("n1", "alice", Now, Read: true)], _records.DeliveryCalls);

        var push = Assert.Single(_pusher.Pushes);
        Assert.Equal("alice", push.UserId);
        Assert.Equal("conn-1", push.ExceptConnectionId);
        var envelope = push.Envelope();
        Assert.Equal("read", envelope.GetProperty("type").GetString());
        Assert.Equal(["n1"], envelope.GetProperty("payload").GetProperty("ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(EnvelopeWriter.Format(Now), envelope.GetProperty("payload").GetProperty("readAt").GetString());
    }

    [Fact]
    public async Task MarkRead_WithoutAnOriginConnection_TellsEveryConnection()
    {
        await SeedAsync("alice", "n1");

        await MarkReadAsync("alice", ["n1"], origin: null);

        var push = Assert.Single(_pusher.Pushes);
        Assert.Equal("alice", push.UserId);
        Assert.Null(push.ExceptConnectionId);
    }

    [Fact]
    public async Task MarkRead_SendsAReceiptToASenderWhoAskedForOne()
    {
        await SeedAsync("alice", "n1", sender: "boss", receipt: true);

        await MarkReadAsync("alice", ["n1"]);

        Assert.Equal(["read", "receipt"], _pusher.Pushes.Select(p => p.Type));
        var receipt = _pusher.Pushes[1];
        Assert.Equal("boss", receipt.UserId);
        Assert.Null(receipt.ExceptConnectionId);
        var payload = receipt.Envelope().GetProperty("payload");
        Assert.Equal("n1", payload.GetProperty("id").GetString());
        Assert.Equal("alice", payload.GetProperty("userId").GetString());
        Assert.Equal(EnvelopeWriter.Format(Now), payload.GetProperty("readAt").GetString());
    }

    [Fact]
    public async Task MarkRead_SendsNoReceiptWhenNoneWasAskedFor()
    {
        await SeedAsync("alice", "n1", sender: "boss", receipt: false);

        await MarkReadAsync("alice", ["n1"]);

        Assert.Equal(["read"], _pusher.Pushes.Select(p => p.Type));
    }

    [Fact]
    public async Task MarkRead_SendsNoReceiptToTheReaderThemselves()
    {
        await SeedAsync("alice", "n1", sender: "alice", receipt: true);

        await MarkReadAsync("alice", ["n1"]);

        Assert.Equal(["read"], _pusher.Pushes.Select(p => p.Type));
    }

    [Fact]
    public async Task MarkReadAll_MarksEveryUnreadEntry_AndSendsOneReceiptPerAskingSender()
    {
        await SeedAsync("alice", "n1", sender: "boss", receipt: true);
        await SeedAsync("alice", "n2", sender: "hr", receipt: true);
        await SeedAsync("alice", "n3", sender: "ops");
        await SeedStreamAsync("group:g", "n4");

        var marked = await MarkReadAsync("alice", null, streams: ["group:g"]);

        Assert.Equal(["n1", "n2", "n3", "n4"], marked.Order(StringComparer.Ordinal));
        Assert.All(_inbox.Inbox("alice"), e => Assert.Equal(Now, e.ReadAt));
        var read = Assert.Single(_pusher.Pushes, p => p.Type == "read");
        Assert.Equal(4, read.Envelope().GetProperty("payload").GetProperty("ids").GetArrayLength());
        Assert.Equal(["boss", "hr"], _pusher.Pushes.Where(p => p.Type == "receipt").Select(p => p.UserId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SecondReadOfTheSameIds_DoesNothingAndPushesNothing()
    {
        await SeedAsync("alice", "n1", sender: "boss", receipt: true);
        await MarkReadAsync("alice", ["n1"]);
        var pushes = _pusher.Pushes.Count;
        var calls = _records.DeliveryCalls.Count;
        _time.Advance(TimeSpan.FromMinutes(1));

        var marked = await MarkReadAsync("alice", ["n1"]);

        Assert.Empty(marked);
        Assert.Equal(pushes, _pusher.Pushes.Count);
        Assert.Equal(calls, _records.DeliveryCalls.Count);
        Assert.Equal(Now, Assert.Single(_inbox.Inbox("alice")).ReadAt);
    }

    [Fact]
    public async Task MarkRead_OfIdsNotInTheInbox_DoesNothing()
    {
        await SeedAsync("bob", "n1");

        var marked = await MarkReadAsync("alice", ["n1"]);

        Assert.Empty(marked);
        Assert.Empty(_pusher.Pushes);
        Assert.Empty(_records.DeliveryCalls);
        Assert.Null(Assert.Single(_inbox.Inbox("bob")).ReadAt);
    }

    [Fact]
    public async Task MarkRead_WhenThePushFails_StillReturnsAndKeepsTheReadState()
    {
        await SeedAsync("alice", "n1", sender: "boss", receipt: true);
        _pusher.FailWith = new HttpRequestException("Web PubSub is down.");

        var marked = await MarkReadAsync("alice", ["n1"]);

        Assert.Equal(["n1"], marked);
        Assert.Equal(Now, Assert.Single(_inbox.Inbox("alice")).ReadAt);
        Assert.Equal([new DeliveryCall("n1", "alice", Now, Read: true)], _records.DeliveryCalls);
    }
}

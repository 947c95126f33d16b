using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.Core.Envelopes;
using Notifier.Core.Identifiers;
using Notifier.Core.Inbox;
using Notifier.Core.Tests.Fakes;
using Notifier.Testing.Time;

namespace Notifier.Core.Tests.Inbox;

/// <summary>Unread, archive, unarchive and delete: what changes, and what the user's other devices are told.</summary>
public class InboxChangeTests
{
    private static readonly DateTimeOffset Now = new(2025, 5, 1, 8, 0, 0, TimeSpan.Zero);
    private static readonly string[] NoStreams = [];
    private readonly ManualTimeProvider _time = new(Now);
    private readonly InMemoryNotificationRecords _records = new();
    private readonly InMemoryInboxStore _inbox = new();
    private readonly RecordingPusher _pusher = new();
    private readonly InboxService _service;

    public InboxChangeTests()
    {
        _service = new InboxService(_inbox, _records, _pusher, new EnvelopeWriter(new SortableIdGenerator(_time), _time), _time, NullLogger<InboxService>.Instance);
    }

    private Task<InboxAppend> SeedAsync(string id) => _inbox.AppendAsync("alice", new InboxEntry
    {
        NotificationId = id,
        Payload = Encoding.UTF8.GetBytes($$"""{"id":"{{id}}"}"""),
        CreatedAt = Now,
        ExpiresAt = Now + TimeSpan.FromDays(1),
        Type = "x",
    }, null, CancellationToken.None);

    private Task<IReadOnlyList<string>> ChangeAsync(InboxChange change, IReadOnlyCollection<string>? ids) =>
        _service.ChangeAsync("alice", NoStreams, ids, change, "conn-1", CancellationToken.None);

    private Task<int> UnreadAsync() => _inbox.CountUnreadAsync("alice", NoStreams, Now, CancellationToken.None);

    [Theory]
    [InlineData(InboxChange.Unread, "unread", null)]
    [InlineData(InboxChange.Archive, "archived", "archivedAt")]
    [InlineData(InboxChange.Unarchive, "unarchived", null)]
    [InlineData(InboxChange.Delete, "deleted", null)]
    public async Task A_change_is_pushed_to_the_users_other_connections_with_the_ids_it_changed(InboxChange change, string type, string? timeField)
    {
        await SeedAsync("n1");
        await SeedAsync("n2");
        await _service.MarkReadAsync("alice", NoStreams, ["n1", "n2"], null, CancellationToken.None);
        await _service.ChangeAsync("alice", NoStreams, ["n1", "n2"], InboxChange.Archive, null, CancellationToken.None);
        _pusher.Clear();
        if (change == InboxChange.Archive)
        {
            await _service.ChangeAsync("alice", NoStreams, ["n1", "n2"], InboxChange.Unarchive, null, CancellationToken.None);
            _pusher.Clear();
        }

        var changed = await ChangeAsync(change, ["n1", "unknown"]);

        Assert.Equal(["n1"], changed);
        var push = Assert.Single(_pusher.Pushes);
        Assert.Equal(("alice", "conn-1"), (push.UserId, push.ExceptConnectionId));
        var envelope = push.Envelope();
        Assert.Equal(type, envelope.GetProperty("type").GetString());
        Assert.Equal(["n1"], envelope.GetProperty("payload").GetProperty("ids").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(timeField is not null, timeField is not null && envelope.GetProperty("payload").TryGetProperty(timeField, out _));
    }

    [Fact]
    public async Task A_change_that_changes_nothing_pushes_nothing()
    {
        await SeedAsync("n1");

        Assert.Empty(await ChangeAsync(InboxChange.Unread, ["n1"]));
        Assert.Empty(await ChangeAsync(InboxChange.Unarchive, null));
        Assert.Empty(_pusher.Pushes);
    }

    [Fact]
    public async Task Archived_entries_leave_the_inbox_and_the_unread_count_and_come_back_with_unarchive()
    {
        await SeedAsync("n1");
        await SeedAsync("n2");
        Assert.Equal(2, await UnreadAsync());

        Assert.Equal(["n1", "n2"], await ChangeAsync(InboxChange.Archive, null));
        Assert.Equal(0, await UnreadAsync());
        var inbox = await _inbox.ReadAsync("alice", NoStreams, new InboxQuery(null, null, 10), Now, CancellationToken.None);
        var archive = await _inbox.ReadAsync("alice", NoStreams, new InboxQuery(null, null, 10, Archived: true), Now, CancellationToken.None);
        Assert.Empty(inbox.Items);
        Assert.Equal(["n2", "n1"], archive.Items.Select(e => e.NotificationId));

        Assert.Equal(["n2"], await ChangeAsync(InboxChange.Unarchive, ["n2"]));
        Assert.Equal(1, await UnreadAsync());
    }

    [Fact]
    public async Task A_read_does_not_record_anything_for_other_changes()
    {
        await SeedAsync("n1");

        await ChangeAsync(InboxChange.Archive, ["n1"]);
        await ChangeAsync(InboxChange.Delete, ["n1"]);

        Assert.Empty(_records.DeliveryCalls);
        Assert.Equal(0, await UnreadAsync());
        Assert.Empty((await _inbox.FindAsync("alice", NoStreams, ["n1"], CancellationToken.None)));
    }
}

using System.Text;
using Notifier.Core.Notifications;
using Notifier.Core.Preferences;
using Notifier.Core.Publishing;

namespace Notifier.Core.Tests.Publishing;

/// <summary>Mutes: a muted notification is stored (muted, not counted) but not pushed live; a critical one ignores mutes.</summary>
public class MutedPublishTests : PipelineTestBase
{
    private Task MuteAsync(string user, string[] types, string[]? groups = null) =>
        Inboxes.Preferences.SetAsync(user, new UserPreferences(types, groups ?? []), CancellationToken.None);

    private async Task<PublishResult> PublishAsync(string json)
    {
        var parsed = new NotificationRequestParser(new NotificationLimits()).Parse(Encoding.UTF8.GetBytes(json));
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors.Select(e => $"{e.Field}: {e.Message}")));
        return await Pipeline.PublishAsync(Assert.Single(parsed.Requests), new PublishContext("test-publisher"), CancellationToken.None);
    }

    [Fact]
    public async Task A_muted_type_is_stored_muted_and_not_pushed_and_not_counted()
    {
        await MuteAsync("alice", ["digest"]);

        var result = await PublishAsync("""{"id":"n1","to":{"users":["alice"]},"type":"digest","title":"Weekly"}""");

        Assert.Equal(PublishStatus.Accepted, result.Status);
        Assert.True(Assert.Single(Inboxes.Inbox("alice")).Muted);
        Assert.Empty(Pusher.Pushes);
        Assert.Equal(NotificationState.Pushed, await Pipeline.StateOfAsync(Records.Find("n1")!, CancellationToken.None));
        Assert.Equal(0, await Inboxes.CountUnreadAsync("alice", [], Start, CancellationToken.None));
    }

    [Fact]
    public async Task A_critical_notification_ignores_mutes()
    {
        await MuteAsync("alice", ["digest"]);

        await PublishAsync("""{"id":"n1","to":{"users":["alice"]},"type":"digest","title":"Read me","critical":true}""");

        Assert.False(Assert.Single(Inboxes.Inbox("alice")).Muted);
        Assert.Single(Pusher.Pushes);
        Assert.Equal(1, await Inboxes.CountUnreadAsync("alice", [], Start, CancellationToken.None));
    }

    [Fact]
    public async Task A_change_of_preferences_applies_to_the_next_notification()
    {
        await PublishAsync("""{"id":"n1","to":{"users":["alice"]},"type":"digest","title":"1"}""");
        await MuteAsync("alice", ["digest"]);
        await PublishAsync("""{"id":"n2","to":{"users":["alice"]},"type":"digest","title":"2"}""");
        await MuteAsync("alice", []);
        await PublishAsync("""{"id":"n3","to":{"users":["alice"]},"type":"digest","title":"3"}""");

        Assert.Equal([false, true, false], Inboxes.Inbox("alice").Select(e => e.Muted));
        Assert.Equal(2, Pusher.Pushes.Count);
    }

    [Fact]
    public async Task A_push_to_many_leaves_out_who_muted_it_but_not_who_also_got_it_directly()
    {
        await MuteAsync("bob", ["digest"]);
        await MuteAsync("carol", [], ["ops"]);
        await MuteAsync("dave", ["other"]);

        await PublishAsync("""{"id":"n1","to":{"users":["alice","bob","carol"],"groups":["ops"]},"type":"digest","title":"Hi"}""");

        var push = Assert.Single(Pusher.Pushes);

        // Bob muted the type everywhere; Carol muted only the group, and got it directly too.
        Assert.Equal(["bob"], push.ExceptUsers);
    }

    [Fact]
    public async Task A_critical_push_to_many_leaves_nobody_out()
    {
        await MuteAsync("bob", ["digest"]);

        await PublishAsync("""{"id":"n1","to":{"all":true},"type":"digest","title":"Outage","critical":true}""");

        Assert.Empty(Assert.Single(Pusher.Pushes).ExceptUsers);
    }

    [Fact]
    public void Critical_must_be_a_boolean_and_changes_the_fingerprint_only_when_true()
    {
        var parser = new NotificationRequestParser(new NotificationLimits());
        var invalid = parser.Parse("""{"to":{"users":["a"]},"title":"t","critical":"yes"}"""u8.ToArray());
        Assert.Equal("critical", Assert.Single(invalid.Errors).Field);

        var plain = Assert.Single(parser.Parse("""{"to":{"users":["a"]},"title":"t"}"""u8.ToArray()).Requests);
        var notCritical = Assert.Single(parser.Parse("""{"to":{"users":["a"]},"title":"t","critical":false}"""u8.ToArray()).Requests);
        var critical = Assert.Single(parser.Parse("""{"to":{"users":["a"]},"title":"t","critical":true}"""u8.ToArray()).Requests);
        Assert.Equal(plain.Fingerprint, notCritical.Fingerprint);
        Assert.NotEqual(plain.Fingerprint, critical.Fingerprint);
        Assert.True(critical.Critical);
    }
}

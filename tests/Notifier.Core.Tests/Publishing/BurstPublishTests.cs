using Notifier.Core.Notifications;
using Notifier.Core.Publishing;

namespace Notifier.Core.Tests.Publishing;

public class BurstPublishTests : PipelineTestBase
{
    private static string Direct(string id, string user) => $$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"t"}""";

    private Task<IReadOnlyList<PublishOutcome>> PublishAsync(IReadOnlyList<NotificationRequest> requests) =>
        Pipeline.PublishBatchAsync(requests, [.. requests.Select(_ => new PublishContext("test-publisher"))], ex => ex is InvalidOperationException, CancellationToken.None);

    [Fact]
    public async Task HundredToOneUser_AreAppendedInThreeWrites_DenseAndInOrder_ThenPushedInOrder()
    {
        var ids = Enumerable.Range(0, 100).Select(i => $"n{i:D3}").ToList();

        var outcomes = await PublishAsync(Requests(ids.Select(id => Direct(id, "alice"))));

        Assert.All(outcomes, o => Assert.Equal(PublishStatus.Accepted, o.Result?.Status));
        Assert.Equal(3, Inboxes.AppendManyCalls);
        Assert.Equal(0, Inboxes.AppendCalls - 100);
        Assert.Equal(ids, Inboxes.Inbox("alice").Select(e => e.NotificationId));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), Inboxes.Inbox("alice").Select(e => e.Sequence));
        Assert.Equal(100, Pusher.Pushes.Count);
    }

    [Fact]
    public async Task UsersOfOneBurst_EachGetTheirOwnWrites_AndOtherItemsKeepBatchOrder()
    {
        var items = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            items.Add(Direct($"a{i}", "alice"));
            items.Add(Direct($"b{i}", "bob"));
        }

        items.Add($$"""{"id":"both","to":{"users":["alice","bob"]},"title":"t"}""");
        items.Add(Direct("a-last", "alice"));

        var outcomes = await PublishAsync(Requests(items));

        Assert.All(outcomes, o => Assert.Equal(PublishStatus.Accepted, o.Result?.Status));
        Assert.Equal([.. Enumerable.Range(0, 10).Select(i => $"a{i}"), "both", "a-last"], Inboxes.Inbox("alice").Select(e => e.NotificationId));
        Assert.Equal([.. Enumerable.Range(0, 10).Select(i => $"b{i}"), "both"], Inboxes.Inbox("bob").Select(e => e.NotificationId));
    }

    [Fact]
    public async Task AStorageFailure_FailsThatItem_LeavesTheRestUnattempted_AndARetryAcceptsThem()
    {
        var requests = Requests(Enumerable.Range(0, 5).Select(i => Direct($"n{i}", "alice")));
        Inboxes.FailNextAppendTo("alice");

        var failed = await PublishAsync(requests);

        Assert.NotNull(failed[0].Failure);
        Assert.All(failed.Skip(1), o => Assert.Equal(default, o));
        Assert.Empty(Inboxes.Inbox("alice"));

        var retried = await PublishAsync(requests);

        Assert.All(retried, o => Assert.Equal(PublishStatus.Accepted, o.Result?.Status));
        Assert.Equal(Enumerable.Range(1, 5).Select(i => (long)i), Inboxes.Inbox("alice").Select(e => e.Sequence));
    }

    [Fact]
    public async Task ARepeatedIdInABatch_IsAReplayOfTheFirst_NotASecondEntry()
    {
        // The HTTP parser refuses a repeated id in one batch; the pipeline still must not store it twice.
        var outcomes = await PublishAsync([.. Requests([Direct("n1", "alice"), Direct("n2", "alice")]), .. Requests([Direct("n1", "alice")])]);

        Assert.Equal([PublishStatus.Accepted, PublishStatus.Accepted, PublishStatus.Duplicate], outcomes.Select(o => o.Result?.Status));
        Assert.Equal(["n1", "n2"], Inboxes.Inbox("alice").Select(e => e.NotificationId));
        Assert.Equal(2, Pusher.Pushes.Count);
    }
}

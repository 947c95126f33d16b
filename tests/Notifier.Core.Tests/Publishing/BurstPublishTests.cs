using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Notifier.Core.Envelopes;
using Notifier.Core.Identifiers;
using Notifier.Core.Notifications;
using Notifier.Core.Publishing;
using Notifier.Core.Tests.Fakes;
using Notifier.Testing.Time;

namespace Notifier.Core.Tests.Publishing;

public class BurstPublishTests
{
    private static readonly DateTimeOffset Start = new(2025, 5, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly ManualTimeProvider _time = new(Start);
    private readonly InMemoryNotificationRecords _records = new();
    private readonly InMemoryInboxStore _inbox = new();
    private readonly RecordingPusher _pusher = new();
    private readonly PublishPipeline _pipeline;

    public BurstPublishTests()
    {
        var ids = new SortableIdGenerator(_time);
        _pipeline = new PublishPipeline(_records, _inbox, _inbox.Preferences, _pusher, new EnvelopeWriter(ids, _time), new NotificationIds(ids), new NotificationLimits(), _time, NullLogger<PublishPipeline>.Instance);
    }

    private static IReadOnlyList<NotificationRequest> Requests(IEnumerable<string> items)
    {
        var parsed = new NotificationRequestParser(new NotificationLimits()).Parse(Encoding.UTF8.GetBytes("[" + string.Join(",", items) + "]"));
        Assert.True(parsed.IsValid, string.Join("; ", parsed.Errors.Select(e => $"{e.Field}: {e.Message}")));
        return parsed.Requests;
    }

    private static string Direct(string id, string user) => $$"""{"id":"{{id}}","to":{"users":["{{user}}"]},"title":"t"}""";

    private Task<IReadOnlyList<PublishOutcome>> PublishAsync(IReadOnlyList<NotificationRequest> requests) =>
        _pipeline.PublishBatchAsync(requests, [.. requests.Select(_ => new PublishContext("test-publisher"))], ex => ex is InvalidOperationException, CancellationToken.None);

    [Fact]
    public async Task HundredToOneUser_AreAppendedInThreeWrites_DenseAndInOrder_ThenPushedInOrder()
    {
        var ids = Enumerable.Range(0, 100).Select(i => $"n{i:D3}").ToList();

        var outcomes = await PublishAsync(Requests(ids.Select(id => Direct(id, "alice"))));

        Assert.All(outcomes, o => Assert.Equal(PublishStatus.Accepted, o.Result?.Status));
        Assert.Equal(3, _inbox.AppendManyCalls);
        Assert.Equal(0, _inbox.AppendCalls - 100);
        Assert.Equal(ids, _inbox.Inbox("alice").Select(e => e.NotificationId));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), _inbox.Inbox("alice").Select(e => e.Sequence));
        Assert.Equal(100, _pusher.Pushes.Count);
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
        Assert.Equal([.. Enumerable.Range(0, 10).Select(i => $"a{i}"), "both", "a-last"], _inbox.Inbox("alice").Select(e => e.NotificationId));
        Assert.Equal([.. Enumerable.Range(0, 10).Select(i => $"b{i}"), "both"], _inbox.Inbox("bob").Select(e => e.NotificationId));
    }

    [Fact]
    public async Task AStorageFailure_FailsThatItem_LeavesTheRestUnattempted_AndARetryAcceptsThem()
    {
        var requests = Requests(Enumerable.Range(0, 5).Select(i => Direct($"n{i}", "alice")));
        _inbox.FailNextAppendTo("alice");

        var failed = await PublishAsync(requests);

        Assert.NotNull(failed[0].Failure);
        Assert.All(failed.Skip(1), o => Assert.Equal(default, o));
        Assert.Empty(_inbox.Inbox("alice"));

        var retried = await PublishAsync(requests);

        Assert.All(retried, o => Assert.Equal(PublishStatus.Accepted, o.Result?.Status));
        Assert.Equal(Enumerable.Range(1, 5).Select(i => (long)i), _inbox.Inbox("alice").Select(e => e.Sequence));
    }

    [Fact]
    public async Task ARepeatedIdInABatch_IsAReplayOfTheFirst_NotASecondEntry()
    {
        // The HTTP parser refuses a repeated id in one batch; the pipeline still must not store it twice.
        var outcomes = await PublishAsync([.. Requests([Direct("n1", "alice"), Direct("n2", "alice")]), .. Requests([Direct("n1", "alice")])]);

        Assert.Equal([PublishStatus.Accepted, PublishStatus.Accepted, PublishStatus.Duplicate], outcomes.Select(o => o.Result?.Status));
        Assert.Equal(["n1", "n2"], _inbox.Inbox("alice").Select(e => e.NotificationId));
        Assert.Equal(2, _pusher.Pushes.Count);
    }
}

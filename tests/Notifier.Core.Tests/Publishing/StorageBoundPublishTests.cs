using Notifier.Core.Notifications;
using Notifier.Core.Publishing;

namespace Notifier.Core.Tests.Publishing;

/// <summary>
/// The pipeline's appends go through the per-instance bound on storage calls (<c>StorageConcurrency</c>): the store
/// takes the slot in the turn the pipeline hands it, so with a bound of one a second publisher's append waits until the
/// first one's write is done.
/// </summary>
public sealed class StorageBoundPublishTests : PipelineTestBase
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_append_waits_for_a_slot_while_the_bound_is_taken()
    {
        var pipeline = CreatePipeline(new NotificationLimits { StorageConcurrency = 1 });
        var aliceWriting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waiting = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        Inboxes.BeforeWrite = user =>
        {
            if (user != "alice")
            {
                return Task.CompletedTask;
            }

            aliceWriting.TrySetResult();
            return gate.Task;
        };
        Inboxes.WaitingForSlot += user => waiting.TrySetResult(user);

        var alice = pipeline.PublishAsync(Request("""{"to":{"users":["alice"]},"title":"first"}"""), new PublishContext("one"), CancellationToken.None);
        await aliceWriting.Task.WaitAsync(Timeout);
        var bob = pipeline.PublishAsync(Request("""{"to":{"users":["bob"]},"title":"second"}"""), new PublishContext("other"), CancellationToken.None);

        Assert.Equal("bob", await waiting.Task.WaitAsync(Timeout));
        Assert.False(bob.IsCompleted);
        Assert.Equal(0, await Inboxes.CountUnreadAsync("bob", [], Start, CancellationToken.None));

        gate.SetResult();
        Assert.Equal(PublishStatus.Accepted, (await alice.WaitAsync(Timeout)).Status);
        Assert.Equal(PublishStatus.Accepted, (await bob.WaitAsync(Timeout)).Status);
        Assert.Equal(1, await Inboxes.CountUnreadAsync("bob", [], Start, CancellationToken.None));
    }
}

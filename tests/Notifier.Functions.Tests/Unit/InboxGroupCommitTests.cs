using Azure;
using Notifier.Core.Inbox;
using Notifier.Core.Storage;
using Notifier.Functions.Storage;

namespace Notifier.Functions.Tests.Unit;

/// <summary>
/// The group commit of appends to one inbox, over a store that is held by the test: an append with nothing in flight
/// goes at once; appends that arrive meanwhile go together, in arrival order, in the next write; a write that takes a
/// prefix leaves the rest first in line; a failure reaches the callers of that write only; a caller who gives up before
/// its write starts stores nothing; other inboxes are never held up.
/// </summary>
public sealed class InboxGroupCommitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Appends_arriving_during_a_write_go_together_in_arrival_order_and_get_their_own_sequences()
    {
        var store = new HeldStore();
        var commit = new InboxGroupCommit(store.WriteAsync);

        var first = commit.AppendAsync("alice", Entry("n0"), null, CancellationToken.None);
        var write = await store.NextWriteAsync();
        Assert.Equal(["n0"], write.Ids);

        var waiting = Enumerable.Range(1, 5).Select(i => commit.AppendAsync("alice", Entry($"n{i}"), null, CancellationToken.None)).ToList();
        Assert.All(waiting, t => Assert.False(t.IsCompleted));
        write.Complete();
        Assert.Equal(1, (await first.WaitAsync(Timeout)).Sequence);

        var group = await store.NextWriteAsync();
        Assert.Equal(["n1", "n2", "n3", "n4", "n5"], group.Ids);
        group.Complete();
        Assert.Equal([2L, 3, 4, 5, 6], (await Task.WhenAll(waiting).WaitAsync(Timeout)).Select(a => a.Sequence));
        Assert.Equal(2, store.Writes);
        await WaitUntilAsync(() => commit.InFlight == 0);
    }

    [Fact]
    public async Task The_first_caller_is_answered_without_waiting_for_the_group_written_after_it()
    {
        var (store, commit, first, write) = await OneInFlightAsync();
        var second = commit.AppendAsync("alice", Entry("n1"), null, CancellationToken.None);

        write.Complete();
        var group = await store.NextWriteAsync();

        // The second write is held open: the first caller has its answer all the same.
        Assert.Equal(1, (await first.WaitAsync(Timeout)).Sequence);
        Assert.False(second.IsCompleted);
        group.Complete();
        Assert.Equal(2, (await second.WaitAsync(Timeout)).Sequence);
    }

    [Fact]
    public async Task A_write_of_a_prefix_leaves_the_rest_first_in_line_in_their_order()
    {
        var (store, commit, first, write) = await OneInFlightAsync();
        var waiting = Enumerable.Range(1, 4).Select(i => commit.AppendAsync("alice", Entry($"n{i}"), null, CancellationToken.None)).ToList();
        write.Complete();

        var group = await store.NextWriteAsync();
        Assert.Equal(["n1", "n2", "n3", "n4"], group.Ids);
        var late = commit.AppendAsync("alice", Entry("n5"), null, CancellationToken.None);
        group.Complete(take: 2);

        var rest = await store.NextWriteAsync();
        Assert.Equal(["n3", "n4", "n5"], rest.Ids);
        rest.Complete();
        Assert.Equal([2L, 3, 4, 5], (await Task.WhenAll(waiting).WaitAsync(Timeout)).Select(a => a.Sequence));
        Assert.Equal(6, (await late.WaitAsync(Timeout)).Sequence);
        await first;
    }

    [Theory]
    [InlineData(503)]
    [InlineData(404)]
    [InlineData(403)]
    public async Task A_storage_failure_fails_the_callers_of_that_write_and_the_next_group_is_still_written(int status)
    {
        var (store, commit, first, write) = await OneInFlightAsync();
        var failing = new[] { commit.AppendAsync("alice", Entry("n1"), null, CancellationToken.None), commit.AppendAsync("alice", Entry("n2"), null, CancellationToken.None) };
        write.Complete();
        await first.WaitAsync(Timeout);

        var group = await store.NextWriteAsync();
        var after = commit.AppendAsync("alice", Entry("n3"), null, CancellationToken.None);
        group.Fail(new RequestFailedException(status, "Server busy, no such table, or no access"));

        foreach (var task in failing)
        {
            Assert.Equal(status, (await Assert.ThrowsAsync<RequestFailedException>(() => task.WaitAsync(Timeout))).Status);
        }

        // Not retried entry by entry (each would fail alike, and more slowly): the next write is the next group.
        var next = await store.NextWriteAsync();
        Assert.Equal(["n3"], next.Ids);
        next.Complete();
        Assert.Equal(2, (await after.WaitAsync(Timeout)).Sequence);
    }

    [Fact]
    public async Task A_group_the_service_refuses_for_its_content_is_written_entry_by_entry_so_only_the_culprit_fails()
    {
        var (store, commit, first, write) = await OneInFlightAsync();
        var good = commit.AppendAsync("alice", Entry("good"), null, CancellationToken.None);
        var bad = commit.AppendAsync("alice", Entry("bad"), null, CancellationToken.None);
        write.Complete();
        await first.WaitAsync(Timeout);

        (await store.NextWriteAsync()).Fail(new RequestFailedException(400, "The entity is too large."));
        var alone = await store.NextWriteAsync();
        Assert.Equal(["good"], alone.Ids);
        alone.Complete();
        var culprit = await store.NextWriteAsync();
        Assert.Equal(["bad"], culprit.Ids);
        culprit.Fail(new RequestFailedException(400, "The entity is too large."));

        Assert.Equal(2, (await good.WaitAsync(Timeout)).Sequence);
        Assert.Equal(400, (await Assert.ThrowsAsync<RequestFailedException>(() => bad.WaitAsync(Timeout))).Status);
    }

    [Fact]
    public async Task A_caller_who_gives_up_before_its_write_starts_stores_nothing()
    {
        var (store, commit, first, write) = await OneInFlightAsync();
        using var giveUp = new CancellationTokenSource();
        var abandoned = commit.AppendAsync("alice", Entry("abandoned"), null, giveUp.Token);
        var kept = commit.AppendAsync("alice", Entry("kept"), null, CancellationToken.None);

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => abandoned.WaitAsync(Timeout));
        write.Complete();
        await first.WaitAsync(Timeout);

        var group = await store.NextWriteAsync();
        Assert.Equal(["kept"], group.Ids);
        group.Complete();
        Assert.Equal(2, (await kept.WaitAsync(Timeout)).Sequence);
    }

    [Fact]
    public async Task A_caller_who_gives_up_once_its_group_is_being_written_still_gets_where_its_entry_landed()
    {
        var (store, commit, first, write) = await OneInFlightAsync();
        using var giveUp = new CancellationTokenSource();
        var late = commit.AppendAsync("alice", Entry("n1"), null, giveUp.Token);
        write.Complete();
        await first.WaitAsync(Timeout);

        var group = await store.NextWriteAsync();
        Assert.Equal(["n1"], group.Ids);
        await giveUp.CancelAsync();
        group.Complete();

        // Stored either way: telling the caller it failed would make its retry find the entry and skip the push.
        Assert.Equal(2, (await late.WaitAsync(Timeout)).Sequence);
    }

    [Fact]
    public async Task An_entry_put_back_after_a_partial_write_is_written_even_if_its_caller_gives_up()
    {
        var (store, commit, first, write) = await OneInFlightAsync();
        using var giveUp = new CancellationTokenSource();
        var kept = commit.AppendAsync("alice", Entry("n1"), null, CancellationToken.None);
        var putBack = commit.AppendAsync("alice", Entry("n2"), null, giveUp.Token);
        write.Complete();
        await first.WaitAsync(Timeout);

        // The write that took n1 may have merged stream entries past n2's own pointer: n2 must follow.
        (await store.NextWriteAsync()).Complete(take: 1);
        var rest = await store.NextWriteAsync();
        await giveUp.CancelAsync();
        Assert.Equal(["n2"], rest.Ids);
        rest.Complete();
        Assert.Equal(2, (await kept.WaitAsync(Timeout)).Sequence);
        Assert.Equal(3, (await putBack.WaitAsync(Timeout)).Sequence);
    }

    [Fact]
    public async Task A_store_that_appends_nothing_fails_the_group_rather_than_retrying_it_forever()
    {
        var (store, commit, first, write) = await OneInFlightAsync();
        var waiting = commit.AppendAsync("alice", Entry("n1"), null, CancellationToken.None);
        write.Complete();
        await first.WaitAsync(Timeout);

        (await store.NextWriteAsync()).Complete(take: 0);

        await Assert.ThrowsAsync<InvalidOperationException>(() => waiting.WaitAsync(Timeout));
        await WaitUntilAsync(() => commit.InFlight == 0);
        Assert.Equal(2, store.Writes);
    }

    [Fact]
    public async Task A_batch_that_finds_a_write_in_flight_waits_kept_together_and_gets_all_its_sequences_in_order()
    {
        var (store, commit, first, write) = await OneInFlightAsync();
        var single = commit.AppendAsync("alice", Entry("s1"), null, CancellationToken.None);
        var batch = commit.AppendManyAsync("alice", [.. Enumerable.Range(0, 120).Select(i => Entry($"b{i}"))], null, CancellationToken.None);
        var after = commit.AppendAsync("alice", Entry("s2"), null, CancellationToken.None);
        write.Complete();
        await first.WaitAsync(Timeout);

        // 100 to a write (a transaction's operations): the single that came first, then the batch in its order, then the single that came after.
        var group = await store.NextWriteAsync();
        Assert.Equal(["s1", .. Enumerable.Range(0, 99).Select(i => $"b{i}")], group.Ids);
        group.Complete();
        var rest = await store.NextWriteAsync();
        Assert.Equal([.. Enumerable.Range(99, 21).Select(i => $"b{i}"), "s2"], rest.Ids);
        rest.Complete();

        Assert.Equal(2, (await single.WaitAsync(Timeout)).Sequence);
        Assert.Equal(Enumerable.Range(3, 120).Select(i => (long)i), (await batch.WaitAsync(Timeout)).Select(a => a.Sequence));
        Assert.Equal(123, (await after.WaitAsync(Timeout)).Sequence);
    }

    [Fact]
    public async Task A_waiting_batch_whose_second_write_fails_gets_the_prefix_that_landed()
    {
        var (store, commit, first, write) = await OneInFlightAsync();
        var batch = commit.AppendManyAsync("alice", [.. Enumerable.Range(0, 120).Select(i => Entry($"b{i}"))], null, CancellationToken.None);
        write.Complete();
        await first.WaitAsync(Timeout);

        (await store.NextWriteAsync()).Complete();
        (await store.NextWriteAsync()).Fail(new RequestFailedException(503, "Server busy"));

        // As after a write of a prefix: the caller appends the rest again, and gets the failure then if it lasts.
        Assert.Equal(Enumerable.Range(2, 100).Select(i => (long)i), (await batch.WaitAsync(Timeout)).Select(a => a.Sequence));
    }

    [Fact]
    public async Task A_batch_that_finds_nothing_in_flight_is_written_at_once_as_the_store_takes_it()
    {
        var store = new HeldStore();
        var commit = new InboxGroupCommit(store.WriteAsync);
        var batch = commit.AppendManyAsync("alice", [.. Enumerable.Range(0, 60).Select(i => Entry($"b{i}"))], null, CancellationToken.None);

        var write = await store.NextWriteAsync();
        Assert.Equal(60, write.Ids.Length);
        write.Complete(take: 49);
        Assert.Equal(49, (await batch.WaitAsync(Timeout)).Count);
        await WaitUntilAsync(() => commit.InFlight == 0);
    }

    [Fact]
    public async Task Another_users_append_is_written_at_once_while_one_inbox_is_busy()
    {
        var store = new HeldStore();
        var commit = new InboxGroupCommit(store.WriteAsync);
        var alice = commit.AppendAsync("alice", Entry("a0"), null, CancellationToken.None);
        var aliceWrite = await store.NextWriteAsync();

        var bob = commit.AppendAsync("bob", Entry("b0"), null, CancellationToken.None);
        var bobWrite = await store.NextWriteAsync();
        Assert.Equal("bob", bobWrite.User);
        Assert.Equal(["b0"], bobWrite.Ids);
        bobWrite.Complete();
        Assert.Equal(1, (await bob.WaitAsync(Timeout)).Sequence);

        aliceWrite.Complete();
        Assert.Equal(1, (await alice.WaitAsync(Timeout)).Sequence);
        await WaitUntilAsync(() => commit.InFlight == 0);
    }

    [Fact]
    public async Task Appends_waiting_for_their_inboxs_write_hold_no_slot_of_the_storage_bound()
    {
        var limiter = new StorageCallLimiter(2);
        var store = new HeldStore();
        var commit = new InboxGroupCommit(store.WriteAsync);

        // One publisher's burst to alice: the first is written (one slot), thirty wait for that write.
        var first = commit.AppendAsync("alice", Entry("a0"), new StorageTurn(limiter, "burst", 0), CancellationToken.None);
        var aliceWrite = await store.NextWriteAsync();
        var burst = Enumerable.Range(1, 30).Select(i => commit.AppendAsync("alice", Entry($"a{i}"), new StorageTurn(limiter, "burst", i), CancellationToken.None)).ToList();

        // The second slot is still free: another publisher's append to bob is written at once (a free slot is taken
        // without waiting, so the write starts within the call).
        var bob = commit.AppendAsync("bob", Entry("b0"), new StorageTurn(limiter, "other", 31), CancellationToken.None);
        Assert.Equal(2, store.Writes);
        var bobWrite = await store.NextWriteAsync();
        Assert.Equal("bob", bobWrite.User);

        // Both slots are taken now: carol's append waits for one, and is written when bob's write frees it.
        var carol = commit.AppendAsync("carol", Entry("c0"), new StorageTurn(limiter, "third", 32), CancellationToken.None);
        Assert.Equal(2, store.Writes);
        bobWrite.Complete();
        var carolWrite = await store.NextWriteAsync();
        Assert.Equal("carol", carolWrite.User);

        // Alice's first write frees its slot, and her thirty go in one write that takes one slot.
        aliceWrite.Complete();
        var group = await store.NextWriteAsync();
        Assert.Equal("alice", group.User);
        Assert.Equal(30, group.Ids.Length);
        group.Complete();
        carolWrite.Complete();
        Assert.Equal(1, (await first.WaitAsync(Timeout)).Sequence);
        Assert.Equal(Enumerable.Range(2, 30).Select(i => (long)i), (await Task.WhenAll(burst).WaitAsync(Timeout)).Select(a => a.Sequence));
        Assert.Equal(1, (await bob.WaitAsync(Timeout)).Sequence);
        Assert.Equal(1, (await carol.WaitAsync(Timeout)).Sequence);
        Assert.Equal(4, store.Writes);

        // Every slot came back: two more appends are written at once, side by side.
        _ = commit.AppendAsync("dave", Entry("d0"), new StorageTurn(limiter, "other", 40), CancellationToken.None);
        _ = commit.AppendAsync("erin", Entry("e0"), new StorageTurn(limiter, "other", 41), CancellationToken.None);
        Assert.Equal(6, store.Writes);
        (await store.NextWriteAsync()).Complete();
        (await store.NextWriteAsync()).Complete();
        await WaitUntilAsync(() => commit.InFlight == 0);
    }

    // A commit with alice's first append ("n0") being written, held by the test.
    private static async Task<(HeldStore Store, InboxGroupCommit Commit, Task<InboxAppend> First, HeldWrite Write)> OneInFlightAsync()
    {
        var store = new HeldStore();
        var commit = new InboxGroupCommit(store.WriteAsync);
        var first = commit.AppendAsync("alice", Entry("n0"), null, CancellationToken.None);
        return (store, commit, first, await store.NextWriteAsync());
    }

    private static InboxEntry Entry(string id) => new()
    {
        NotificationId = id,
        Payload = "{}"u8.ToArray(),
        CreatedAt = DateTimeOffset.UnixEpoch,
        ExpiresAt = DateTimeOffset.UnixEpoch.AddDays(1),
    };

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (!condition())
        {
            await Task.Delay(10, deadline.Token);
        }
    }

    /// <summary>A store whose writes wait for the test: each is handed over, then completed (a prefix, or all) or failed.</summary>
    private sealed class HeldStore
    {
        private readonly System.Threading.Channels.Channel<HeldWrite> _writes = System.Threading.Channels.Channel.CreateUnbounded<HeldWrite>();
        private readonly Dictionary<string, long> _sequences = new(StringComparer.Ordinal);
        private int _count;

        public int Writes => Volatile.Read(ref _count);

        public Task<IReadOnlyList<InboxAppend>> WriteAsync(string user, IReadOnlyList<InboxEntry> entries, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            var write = new HeldWrite(this, user, entries);
            _writes.Writer.TryWrite(write);
            return write.Result.Task;
        }

        public async Task<HeldWrite> NextWriteAsync() => await _writes.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

        public IReadOnlyList<InboxAppend> Append(string user, int count)
        {
            lock (_sequences)
            {
                var first = _sequences.GetValueOrDefault(user) + 1;
                _sequences[user] = first + count - 1;
                return [.. Enumerable.Range(0, count).Select(i => new InboxAppend(first + i, Muted: false))];
            }
        }
    }

    private sealed class HeldWrite(HeldStore store, string user, IReadOnlyList<InboxEntry> entries)
    {
        public string User { get; } = user;

        public string[] Ids { get; } = [.. entries.Select(e => e.NotificationId)];

        public TaskCompletionSource<IReadOnlyList<InboxAppend>> Result { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Complete(int? take = null) => Result.SetResult(store.Append(User, take ?? Ids.Length));

        public void Fail(Exception exception) => Result.SetException(exception);
    }
}

using Notifier.Azure.WebPubSub.EventHandler.Internal;

namespace Notifier.Azure.WebPubSub.Tests.EventHandler.Internal;

public sealed class EventIdCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    [Fact]
    public void A_new_id_is_first_the_same_event_a_repeat_and_other_content_a_conflict()
    {
        var cache = new EventIdCache();

        var first = cache.Claim("c\n1", 42, Now, Lifetime, 10);
        var repeat = cache.Claim("c\n1", 42, Now, Lifetime, 10);
        var conflict = cache.Claim("c\n1", 43, Now, Lifetime, 10);

        Assert.Equal(EventIdClaimOutcome.First, first.Outcome);
        Assert.Equal(EventIdClaimOutcome.Repeat, repeat.Outcome);
        Assert.Same(first.Entry, repeat.Entry);
        Assert.Equal(EventIdClaimOutcome.Conflict, conflict.Outcome);
        Assert.Null(conflict.Entry);
    }

    [Fact]
    public async Task A_completed_entry_hands_its_answer_to_repeats()
    {
        var cache = new EventIdCache();
        var first = cache.Claim("c\n1", 1, Now, Lifetime, 10);

        cache.Complete(first.Entry!, EventAnswer.NoContent);

        Assert.Same(EventAnswer.NoContent, await cache.Claim("c\n1", 1, Now, Lifetime, 10).Entry!.Answer);
    }

    [Fact]
    public async Task A_failed_first_delivery_releases_the_id_for_the_retry()
    {
        var cache = new EventIdCache();
        var first = cache.Claim("c\n1", 1, Now, Lifetime, 10);
        var waiting = cache.Claim("c\n1", 1, Now, Lifetime, 10);

        cache.Complete(first.Entry!, null);

        Assert.Null(await waiting.Entry!.Answer);
        Assert.Equal(EventIdClaimOutcome.First, cache.Claim("c\n1", 1, Now, Lifetime, 10).Outcome);
    }

    [Fact]
    public void Ids_are_forgotten_when_their_lifetime_ends()
    {
        var cache = new EventIdCache();
        cache.Complete(cache.Claim("c\n1", 1, Now, Lifetime, 10).Entry!, EventAnswer.NoContent);

        Assert.Equal(EventIdClaimOutcome.Repeat, cache.Claim("c\n1", 1, Now + Lifetime - TimeSpan.FromSeconds(1), Lifetime, 10).Outcome);
        Assert.Equal(EventIdClaimOutcome.First, cache.Claim("c\n1", 1, Now + Lifetime, Lifetime, 10).Outcome);
    }

    [Fact]
    public void The_count_never_passes_the_capacity_and_the_oldest_go_first()
    {
        var cache = new EventIdCache();
        for (var i = 0; i < 1000; i++)
        {
            var claim = cache.Claim($"c\n{i}", 1, Now, Lifetime, 100);
            cache.Complete(claim.Entry!, i % 3 == 0 ? null : EventAnswer.NoContent);
            Assert.True(cache.Count <= 100);
        }

        Assert.Equal(EventIdClaimOutcome.Repeat, cache.Claim("c\n998", 1, Now, Lifetime, 100).Outcome);
        Assert.Equal(EventIdClaimOutcome.First, cache.Claim("c\n1", 1, Now, Lifetime, 100).Outcome);
    }

    [Fact]
    public void Keys_separate_connection_and_event_id()
    {
        Assert.NotEqual(EventIdCache.KeyOf("a", "1\n2"), EventIdCache.KeyOf("a\n1", "2"), StringComparer.Ordinal);
    }
}

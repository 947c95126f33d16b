using Notifier.Core.Identifiers;
using Notifier.Testing.Time;

namespace Notifier.Core.Tests.Identifiers;

public class SortableIdGeneratorTests
{
    private const string Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Id_Is26CharactersOfCrockfordBase32()
    {
        var ids = new SortableIdGenerator(new ManualTimeProvider(Start));

        for (var i = 0; i < 1000; i++)
        {
            var id = ids.Next();
            Assert.Equal(26, id.Length);
            Assert.All(id, c => Assert.Contains(c, Crockford));
        }
    }

    [Fact]
    public void Id_IsAValidIdentifier() =>
        Assert.True(Identifier.IsValid(new SortableIdGenerator(TimeProvider.System).Next()));

    [Fact]
    public void TimePart_EncodesUnixMilliseconds_AsInTheUlidSpec()
    {
        // The ULID specification's example: 1469918176385 ms → 01ARYZ6S41.
        var ids = new SortableIdGenerator(new ManualTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_469_918_176_385)));

        Assert.StartsWith("01ARYZ6S41", ids.Next(), StringComparison.Ordinal);
    }

    [Fact]
    public void TimePart_OfTheEpoch_IsAllZeros() =>
        Assert.StartsWith("0000000000", new SortableIdGenerator(new ManualTimeProvider(DateTimeOffset.UnixEpoch)).Next(), StringComparison.Ordinal);

    [Fact]
    public void Ids_SortByCreationTime()
    {
        var time = new ManualTimeProvider(Start);
        var ids = new SortableIdGenerator(time);
        var generated = new List<string>();
        foreach (var step in new[] { 1, 1, 2, 1000, 60_000, 86_400_000, 1 })
        {
            generated.Add(ids.Next());
            time.Advance(TimeSpan.FromMilliseconds(step));
        }

        generated.Add(ids.Next());
        Assert.Equal(generated, generated.Order(StringComparer.Ordinal));
        Assert.Equal(generated.Count, generated.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Ids_AreUniqueAcross10000_EvenWithinOneMillisecond()
    {
        var ids = new SortableIdGenerator(new ManualTimeProvider(Start));

        var generated = Enumerable.Range(0, 10_000).Select(_ => ids.Next()).ToList();

        Assert.Equal(10_000, generated.Distinct(StringComparer.Ordinal).Count());
        Assert.Single(generated.Select(id => id[..10]).Distinct(StringComparer.Ordinal));
    }

    [Fact]
    public void RandomPart_UsesTheWholeAlphabet()
    {
        var ids = new SortableIdGenerator(new ManualTimeProvider(Start));

        var seen = Enumerable.Range(0, 2000).SelectMany(_ => ids.Next()[10..]).ToHashSet();

        Assert.Equal(Crockford.Length, seen.Count);
    }

    [Fact]
    public void Constructor_RequiresATimeProvider() =>
        Assert.Throws<ArgumentNullException>(() => new SortableIdGenerator(null!));
}

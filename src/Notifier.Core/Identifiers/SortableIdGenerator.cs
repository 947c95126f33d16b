using System.Security.Cryptography;

namespace Notifier.Core.Identifiers;

/// <summary>
/// Makes ULID-shaped ids: 10 characters of millisecond time then 16 random characters, in Crockford base32, so
/// ids sort by creation time and never collide in practice.
/// </summary>
public sealed class SortableIdGenerator
{
    /// <summary>The length of every id it makes.</summary>
    public const int Length = 26;

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static readonly System.Buffers.SearchValues<char> AlphabetValues = System.Buffers.SearchValues.Create(Alphabet);
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a generator reading time from <paramref name="timeProvider"/>.</summary>
    /// <param name="timeProvider">The clock.</param>
    public SortableIdGenerator(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <summary>Whether <paramref name="value"/> has the shape of the ids this makes: 26 characters of its alphabet.</summary>
    /// <param name="value">The characters to test.</param>
    /// <returns>Whether they could be such an id.</returns>
    public static bool IsSortableId(ReadOnlySpan<char> value) =>
        value.Length == Length && !value.ContainsAnyExcept(AlphabetValues);

    /// <summary>Returns a new 26-character id.</summary>
    /// <returns>The id.</returns>
    public string Next()
    {
        var time = (ulong)_timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        Span<byte> random = stackalloc byte[10];
        RandomNumberGenerator.Fill(random);
        return string.Create(Length, (time, random.ToArray()), static (span, state) =>
        {
            var (t, r) = state;
            for (var i = 9; i >= 0; i--)
            {
                span[i] = Alphabet[(int)(t & 31)];
                t >>= 5;
            }

            // 80 random bits as 16 characters of 5 bits.
            var bits = 0UL;
            var count = 0;
            var position = 10;
            foreach (var b in r)
            {
                bits = (bits << 8) | b;
                count += 8;
                while (count >= 5)
                {
                    count -= 5;
                    span[position++] = Alphabet[(int)((bits >> count) & 31)];
                }
            }
        });
    }
}
